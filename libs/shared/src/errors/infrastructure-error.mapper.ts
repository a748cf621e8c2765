import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ServiceUnavailableError, type AppError } from './app-error';

/** Socket-level failures: a server that went away, whichever client noticed. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
/** What pg says when the server ends a connection without an SQLSTATE (terminated, restarted). */
const PG_CONNECTION_LOST = /^Connection terminated|^timeout exceeded when trying to connect|^Client has encountered a connection error/;
/** What ioredis says while Redis is down (offline queue disabled or retries exhausted). */
const REDIS_DOWN = /^Connection is closed|^Reached the max retries per request limit|^Stream isn't writeable|^Redis did not answer within/;

function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as { cause?: unknown }).cause ?? (e as { driverError?: unknown }).driverError, depth++)
    chain.push(e);
  return chain;
}

/**
 * A database connection or Redis lost in the middle of a request is our outage, not the client's
 * mistake: 503, so that clients retry (with the same Idempotency-Key) instead of giving up on a 500.
 */
export function mapInfrastructureError(error: unknown): AppError | undefined {
  for (const e of causes(error)) {
    const { name, message, code } = e as Error & { code?: unknown };
    // A transaction whose connection pg dropped is released under the code still using it: TypeORM then
    // throws one of the two "already released" errors instead of the driver's.
    const lostDatabase =
      e instanceof QueryRunnerAlreadyReleasedError ||
      e instanceof QueryRunnerProviderAlreadyReleasedError ||
      ((e instanceof QueryFailedError || name === 'Error') && PG_CONNECTION_LOST.test(message));
    if (lostDatabase) return new ServiceUnavailableError('The database is unavailable; retry shortly', undefined, { cause: error });
    if (name === 'MaxRetriesPerRequestError' || REDIS_DOWN.test(message))
      return new ServiceUnavailableError('The queue is unavailable; retry shortly', undefined, { cause: error });
    if (typeof code === 'string' && NETWORK_CODES.has(code))
      return new ServiceUnavailableError('A backing service is unavailable; retry shortly', undefined, { cause: error });
  }
  return undefined;
}
