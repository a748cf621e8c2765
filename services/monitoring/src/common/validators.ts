import { ValidateBy, type ValidationOptions } from 'class-validator';
import { FIRST_SEMESTER_YEAR, LAST_SEMESTER_YEAR, tryParseSemester } from '../domain';

/** ISTAT code of a region (2 digits), province or metropolitan city (3) or comune (6), or IT for Italy. */
export const ISTAT_CODE = /^(IT|[0-9]{2}|[0-9]{3}|[0-9]{6})$/;
export const ISTAT_CODE_ISSUE = 'must be an ISTAT code (region, province or comune) or IT';

const SEMESTER = /^\d{4}S[12]$/;

/**
 * A semester written exactly as stored (`2026S1`) and within the programme's years, so that a
 * well-formed but impossible one (`1990S1`) is refused by name here rather than failing deeper.
 */
export function IsSemester(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSemester',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && SEMESTER.test(value) && tryParseSemester(value).ok,
        defaultMessage: (args) =>
          typeof args?.value === 'string' && SEMESTER.test(args.value)
            ? `must be a semester from ${FIRST_SEMESTER_YEAR}S1 to ${LAST_SEMESTER_YEAR}S2`
            : 'must be a semester like 2026S1',
      },
    },
    options,
  );
}
