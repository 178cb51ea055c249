import { registerDecorator, type ValidationOptions } from 'class-validator';
import { checkIdNumber } from '../domain';

const REASONS: Record<string, string> = {
  LENGTH: 'must have 18 characters',
  FORMAT: 'must be 17 digits and a check character (digit or X)',
  CHECKSUM: 'has a wrong check character (GB 11643 MOD 11-2)',
  BIRTH_DATE_INVALID: 'contains an impossible birth date',
  BIRTH_DATE_IN_FUTURE: 'contains a birth date in the future',
};

/** A 公民身份号码 that passes the core's GB 11643 check (checksum and a real, past birth date). */
export function IsCitizenIdNumber(options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isCitizenIdNumber',
      target: target.constructor,
      propertyName: String(property),
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && checkIdNumber(value, new Date().toISOString()).ok,
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return `${String(property)} must be a string`;
          const check = checkIdNumber(value, new Date().toISOString());
          return `${String(property)} ${check.ok ? 'is not valid' : REASONS[check.error]}`;
        },
      },
    });
}
