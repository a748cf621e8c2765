import { ValidationPipe, type PipeTransform, type ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { ValidationFailedError } from './app-error';
import type { ErrorDetail } from './error-body';

/** One detail per broken constraint, with the dotted path of nested objects (`facts.age`, `items.0.name`). */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const issue of Object.values(error.constraints ?? {})) details.push({ field: path, issue });
    if (error.children && error.children.length > 0) details.push(...flattenValidationErrors(error.children, path));
  }
  return details;
}

/**
 * The global pipe: unknown properties are refused (a client typo must not pass silently) and
 * failures become VALIDATION_FAILED with field paths.
 */
export function validationPipe(options: ValidationPipeOptions = {}): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    ...options,
    exceptionFactory: (errors) => new ValidationFailedError('The request is not valid', flattenValidationErrors(errors)),
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `@Param('id', new ParseUuidPipe('id'))`: a malformed id is a 400 naming the field, not a database error. */
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field = 'id') {}

  transform(value: unknown): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw new ValidationFailedError('The request is not valid', [{ field: this.field, issue: 'must be a UUID' }]);
    }
    return value.toLowerCase();
  }
}
