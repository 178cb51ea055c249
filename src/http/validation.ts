import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { badRequest, type FieldError } from './problem';

// Our fields are ASCII identifiers. An unknown property is echoed only if it looks like one: a
// client that sends a person's name or ID number as a key must not see it come back in an error.
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const property = IDENTIFIER.test(e.property) ? e.property : '(unknown field)';
    const field = prefix ? `${prefix}.${property}` : property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? { field, message: 'is not a known field' } : { field, message: message.replace(/^\S+ /, '') },
    );
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** DTO validation: unknown fields are refused, every error names its field (dotted path). */
export const validationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) => badRequest(flatten(errors)),
});
