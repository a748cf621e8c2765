import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/** An answer is a yes/no, a finite number or a short option code; the engine checks which one the question wants. */
@ValidatorConstraint({ name: 'isFactValue' })
export class IsFactValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value);
    return typeof value === 'string' && value.length > 0 && value.length <= 64;
  }
  defaultMessage(): string {
    return 'must be true/false, a number or an option code';
  }
}
