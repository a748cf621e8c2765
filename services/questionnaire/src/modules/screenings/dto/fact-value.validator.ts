import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';

/**
 * An answer is a yes/no, a finite number, a short option code, or null ("don't know", valid for
 * every question); the engine checks which one the question wants. An absent value is refused.
 */
@ValidatorConstraint({ name: 'isFactValue' })
export class IsFactValue implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (value === null) return true;
    if (typeof value === 'boolean') return true;
    if (typeof value === 'number') return Number.isFinite(value);
    return typeof value === 'string' && value.length > 0 && value.length <= 64;
  }
  defaultMessage(): string {
    return "must be true/false, a number, an option code or null (don't know)";
  }
}
