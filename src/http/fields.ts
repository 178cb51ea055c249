import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min, ValidateBy } from 'class-validator';
import { isIsoInstant, MAX_YUAN, utcInstantOf } from '../domain';
import { IsCitizenIdNumber } from '../cases/id-number.validator';
import { IsYuan } from '../cases/money.validator';

// The fields of request bodies and queries, each written once: the check the API runs and what the
// OpenAPI document promises come from the same decorator, so the two cannot drift (the fuzzing
// test sends whatever the document allows and expects it accepted, and whatever it forbids and
// expects 400). A check no schema can state — the GB 11643 check character, a birth date that
// exists — answers 422 instead (see SEMANTIC in validation.ts).

/** No NUL: PostgreSQL cannot store it (unpaired surrogates are refused too; JSON Schema cannot say so). */
const TEXT_PATTERN = '^[^\\u0000]*$';
export const DIVISION_PATTERN = /^\d{12}$/;
const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;

/** 422, not 400: the value has the documented form but fails a rule only the core can check. */
export const SEMANTIC = { context: { semantic: true } };

type Doc = ApiPropertyOptions;
interface Opts {
  optional?: boolean;
  doc?: Doc;
}

const documented = (schema: Doc, { optional, doc }: Opts) =>
  optional ? [ApiPropertyOptional({ ...schema, ...doc } as Doc), IsOptional()] : [ApiProperty({ ...schema, ...doc } as Doc)];

/** Free text of 1–`max` characters. */
export const Text = (max: number, opts: Opts = {}) =>
  applyDecorators(...documented({ type: String, minLength: 1, maxLength: max, pattern: TEXT_PATTERN }, opts), IsString(), Length(1, max));

/** A 12-digit statistical division code (whether the registry knows it is checked later: 422). */
export const DivisionCode = (opts: Opts = {}) =>
  applyDecorators(
    ...documented({ type: String, pattern: DIVISION_PATTERN.source, example: '330106002051' }, opts),
    Matches(DIVISION_PATTERN, { message: '$property must be a 12-digit division code' }),
  );

/** One of a list of codes. */
export const OneOf = (values: readonly string[], opts: Opts = {}) =>
  applyDecorators(...documented({ type: String, enum: [...values] }, opts), IsIn(values as string[]));

/** An 18-character 公民身份号码: its form is documented (400), its check character and birth date are checked (422). */
export const CitizenIdNumber = (opts: Opts = {}) =>
  applyDecorators(
    ...documented(
      { type: String, pattern: ID_NUMBER_PATTERN.source, example: '330106201501010013', description: '18-digit 公民身份号码 (GB 11643)' },
      opts,
    ),
    Matches(ID_NUMBER_PATTERN, { message: '$property must be 17 digits and a check character (digit or X)' }),
    IsCitizenIdNumber(SEMANTIC),
  );

/** Yuan with at most two decimals, 0 to MAX_YUAN. */
export const Yuan = (opts: Opts = {}) =>
  applyDecorators(...documented({ type: Number, minimum: 0, maximum: MAX_YUAN, multipleOf: 0.01 }, opts), IsYuan());

const fromQueryNumber = Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : value));
const fromQueryFlag = Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** A whole number from `min` to `max` (a query string's digits are read as one). */
export const WholeNumber = (min: number, max: number, opts: Opts = {}) =>
  applyDecorators(...documented({ type: 'integer', minimum: min, maximum: max }, opts), fromQueryNumber, IsInt(), Min(min), Max(max));

/** true or false (in a query: the words). */
export const Flag = (opts: Opts = {}) => applyDecorators(...documented({ type: Boolean }, opts), fromQueryFlag, IsBoolean());

/** An instant, ISO 8601 with offset (RFC 3339 date-time): the core's isIsoInstant; it arrives in UTC. */
export const Instant = (opts: Opts = {}) =>
  applyDecorators(
    ...documented({ type: String, format: 'date-time' }, opts),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? (utcInstantOf(value) ?? value) : value)),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoInstant(value),
        defaultMessage: () => '$property must be an ISO 8601 instant with offset, e.g. 2026-01-31T08:00:00Z',
      },
    }),
  );

export const Uuid = (opts: Opts = {}) => applyDecorators(...documented({ type: String, format: 'uuid' }, opts), IsUUID());

/** A token of `pattern` (ids, cursors). */
export const Token = (pattern: RegExp, message: string, opts: Opts = {}) =>
  applyDecorators(...documented({ type: String, pattern: pattern.source }, opts), Matches(pattern, { message: `$property ${message}` }));
