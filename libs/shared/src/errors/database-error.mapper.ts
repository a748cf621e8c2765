import { DatabaseError } from 'pg';
import { EntityNotFoundError, QueryFailedError } from 'typeorm';
import { AppError, ConflictError, NotFoundError, ServiceUnavailableError, ValidationFailedError } from './app-error';

/** PostgreSQL error codes this library reacts to (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export const PG_ERROR = {
  UNIQUE_VIOLATION: '23505',
  EXCLUSION_VIOLATION: '23P01',
  FOREIGN_KEY_VIOLATION: '23503',
  NOT_NULL_VIOLATION: '23502',
  CHECK_VIOLATION: '23514',
  INVALID_TEXT_REPRESENTATION: '22P02',
  INVALID_DATETIME_FORMAT: '22007',
  DATETIME_FIELD_OVERFLOW: '22008',
  NUMERIC_VALUE_OUT_OF_RANGE: '22003',
  STRING_DATA_RIGHT_TRUNCATION: '22001',
  SERIALIZATION_FAILURE: '40001',
  DEADLOCK_DETECTED: '40P01',
  QUERY_CANCELED: '57014',
  ADMIN_SHUTDOWN: '57P01',
  CANNOT_CONNECT_NOW: '57P03',
  TOO_MANY_CONNECTIONS: '53300',
} as const;

/** The SQLSTATE of a pg or TypeORM error, if it is one. */
export function pgErrorCode(error: unknown): string | undefined {
  if (error instanceof QueryFailedError) {
    const code = (error.driverError as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  if (error instanceof DatabaseError) return error.code;
  return undefined;
}

export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === PG_ERROR.UNIQUE_VIOLATION;
}

/**
 * Turns database failures the client caused (duplicate key, malformed uuid) into their 4xx, and an
 * overloaded or restarting database into a 503. The messages are generic on purpose: SQL, constraint and
 * column names stay in the logs.
 */
export function mapDatabaseError(error: unknown): AppError | undefined {
  if (error instanceof EntityNotFoundError) return new NotFoundError('Not found', undefined, { cause: error });
  const code = pgErrorCode(error);
  if (code === undefined) return undefined;
  switch (code) {
    case PG_ERROR.UNIQUE_VIOLATION:
      return new ConflictError('A resource with the same identifier already exists', undefined, { cause: error });
    case PG_ERROR.EXCLUSION_VIOLATION:
      return new ConflictError('The request overlaps with an existing record', undefined, { cause: error });
    case PG_ERROR.FOREIGN_KEY_VIOLATION:
      return new ConflictError('The request refers to a resource that does not exist or is still in use', undefined, { cause: error });
    case PG_ERROR.NOT_NULL_VIOLATION:
      return new ValidationFailedError('A required value is missing', undefined, { cause: error });
    case PG_ERROR.CHECK_VIOLATION:
      return new ValidationFailedError('A value is outside what is allowed', undefined, { cause: error });
    case PG_ERROR.INVALID_TEXT_REPRESENTATION:
    case PG_ERROR.INVALID_DATETIME_FORMAT:
    case PG_ERROR.DATETIME_FIELD_OVERFLOW:
    case PG_ERROR.NUMERIC_VALUE_OUT_OF_RANGE:
    case PG_ERROR.STRING_DATA_RIGHT_TRUNCATION:
      return new ValidationFailedError('A value has the wrong format or is out of range', undefined, { cause: error });
    case PG_ERROR.SERIALIZATION_FAILURE:
    case PG_ERROR.DEADLOCK_DETECTED:
      return new ConflictError('The request collided with a concurrent change; retry it', undefined, { code: 'CONCURRENT_UPDATE', cause: error });
    case PG_ERROR.QUERY_CANCELED:
    case PG_ERROR.ADMIN_SHUTDOWN:
    case PG_ERROR.CANNOT_CONNECT_NOW:
    case PG_ERROR.TOO_MANY_CONNECTIONS:
      return new ServiceUnavailableError('The database is unavailable', undefined, { cause: error });
    default:
      return undefined;
  }
}
