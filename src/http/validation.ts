import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { badRequest, unprocessable, type FieldError } from './problem';

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

/** A NUL, or half of a surrogate pair: text PostgreSQL refuses to store (and no person typed). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Dotted paths of the strings in `value` that hold unstorable text (keys that are not identifiers are not echoed). */
export function unstorableTextPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? [path || 'body'] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableTextPaths(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => {
      const name = IDENTIFIER.test(k) ? k : '(unknown field)';
      const keyBad = UNSTORABLE.test(k) ? [path ? `${path}.${name}` : name] : [];
      return [...keyBad, ...unstorableTextPaths(v, path ? `${path}.${name}` : name)];
    });
  }
  return [];
}

/**
 * DTO validation: text that cannot be stored is refused first (it would otherwise reach the event
 * log and be refused there, after the command was accepted); unknown fields are refused; every
 * error names its field (dotted path).
 */
class CaseworkValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // A free-form body (a policy document, codec payloads) is checked by its handler: its schema
    // cannot forbid such text, so there it is 422 "well-formed but not acceptable", not 400.
    const freeForm = metadata.type === 'body' && (metadata.metatype === undefined || metadata.metatype === Object);
    if (metadata.type !== 'custom' && !freeForm) {
      const bad = unstorableTextPaths(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (bad.length) throw badRequest(bad.map((field) => ({ field, message: 'contains a NUL character or an unpaired surrogate' })));
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** Every failed rule has the documented form and fails only a rule of the core (fields.ts SEMANTIC): 422, else 400. */
function onlySemantic(errors: ValidationError[]): boolean {
  return errors.every(
    (e) =>
      Object.keys(e.constraints ?? {}).every((rule) => (e.contexts?.[rule] as { semantic?: boolean } | undefined)?.semantic === true) &&
      onlySemantic(e.children ?? []),
  );
}

export const validationPipe = new CaseworkValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  stopAtFirstError: false,
  validationError: { target: false, value: false },
  exceptionFactory: (errors) =>
    onlySemantic(errors) ? unprocessable(flatten(errors), 'The request is well-formed but not acceptable.') : badRequest(flatten(errors)),
});
