import { ValidatorConstraint, type ValidatorConstraintInterface } from 'class-validator';
import { isIsoDay } from '../time/clock';

/** `@Validate(IsIsoDay)`: a real calendar day written YYYY-MM-DD (2026-02-30 is refused). */
@ValidatorConstraint({ name: 'isIsoDay' })
export class IsIsoDay implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && isIsoDay(value);
  }
  defaultMessage(): string {
    return 'must be a calendar day written YYYY-MM-DD';
  }
}
