import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isYuan, MAX_YUAN } from '../domain';

/** An amount of yuan (the core's `isYuan`): 0 to MAX_YUAN, at most two decimals — `1e-7` is not money. */
export function IsYuan(options?: ValidationOptions): PropertyDecorator {
  return (target: object, property: string | symbol) =>
    registerDecorator({
      name: 'isYuan',
      target: target.constructor,
      propertyName: String(property),
      options,
      validator: {
        validate: (value: unknown) => isYuan(value),
        defaultMessage: () => `${String(property)} must be yuan with at most two decimals, from 0 to ${MAX_YUAN}`,
      },
    });
}
