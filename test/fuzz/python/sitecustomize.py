# Loaded by the Python that runs schemathesis in test/integration/api-fuzz.test.ts (PYTHONPATH).
#
# CPython 3.11 (here 3.11.2 and 3.11.7) can raise "SystemError: AST constructor recursion depth
# mismatch" from ast.parse when it is called deep in a stack; Hypothesis parses source files only
# to describe lambdas in the names of its strategies, and already treats a SyntaxError there as
# "description unknown". This turns that SystemError into the SyntaxError Hypothesis handles, so a
# cosmetic description cannot abort a fuzzing run. Nothing else changes.
import ast

_parse = ast.parse


def _parse_or_syntax_error(*args, **kwargs):
    try:
        return _parse(*args, **kwargs)
    except SystemError as error:
        raise SyntaxError(str(error)) from error


ast.parse = _parse_or_syntax_error
