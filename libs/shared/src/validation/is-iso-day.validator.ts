import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isIsoDate } from '@inps/kernel';

/** `@Validate(IsIsoDay)`: a real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
@ValidatorConstraint({ name: 'isIsoDay' })
export class IsIsoDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return isIsoDate(value);
  }
  defaultMessage(): string {
    return 'must be a calendar day written YYYY-MM-DD';
  }
}
