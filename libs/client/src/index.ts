import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './generated/api';

export type { components, operations, paths };

/** Every answer's error body (docs/api.md, "Errors"): `{ error: { code, message, details? } }`. */
export type ApiErrorBody = components['schemas']['Error'];

/** A schema of the API by name: `Schema<'Agreement'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/** The typed client: `client.GET('/api/v1/agreements/{id}', { params: { path: { id } } })`. */
export type InpsClient = Client<paths>;

/** A bearer token, or a function that gives the current one (called before each request, so it can refresh). */
export type TokenSource = string | (() => string | Promise<string>);

export interface InpsClientOptions {
  /** The gateway's address, without `/api/v1`: `https://api.example.it` or `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** A person's or a partner app's bearer token (`Authorization: Bearer …`). */
  readonly token?: TokenSource;
  /** A partner app's API key (`X-Api-Key`): the gateway trades it for a token on each call. */
  readonly apiKey?: string;
  /** Another fetch (tests, proxies, retries); the default is the global fetch. */
  readonly fetch?: ClientOptions['fetch'];
  /** Headers sent on every request (e.g. `accept-language`). */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A typed client of the REST API, generated from the gateway's OpenAPI document: paths, parameters,
 * bodies and answers are checked at compile time. Every call answers `{ data, error, response }`:
 * `data` for a 2xx, else `error` (the standard error body, {@link ApiErrorBody}); it never throws for
 * an HTTP status (use {@link unwrap} for that). No credential: anonymous (public routes only).
 */
export function createInpsClient(options: InpsClientOptions): InpsClient {
  if (options.token !== undefined && options.apiKey !== undefined) throw new Error('createInpsClient: give a token or an API key, not both');
  const client = createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: { ...options.headers } } : {}),
  });
  const { token, apiKey } = options;
  if (token !== undefined || apiKey !== undefined) {
    const auth: Middleware = {
      async onRequest({ request }) {
        if (apiKey !== undefined) request.headers.set('x-api-key', apiKey);
        else if (token !== undefined) request.headers.set('authorization', `Bearer ${typeof token === 'string' ? token : await token()}`);
        return request;
      },
    };
    client.use(auth);
  }
  return client;
}

/**
 * A new key for `Idempotency-Key` (docs/api.md, "Retries"): a random UUID. Make one per logical
 * operation and send the same one on every retry of it, so that a POST whose answer was lost is
 * not done twice.
 */
export function newIdempotencyKey(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Request options that make a POST safe to retry:
 * `client.POST('/api/v1/screenings', { body, ...idempotent(key) })`. Without a key, a new one
 * (then keep the options object and send it again to retry).
 */
export function idempotent(key: string = newIdempotencyKey()): { readonly headers: { readonly 'Idempotency-Key': string } } {
  if (!/^[A-Za-z0-9._:-]{8,128}$/.test(key)) throw new Error('idempotent: a key is 8 to 128 letters, digits, ".", "_", ":" or "-"');
  return { headers: { 'Idempotency-Key': key } };
}

/** An HTTP error answer, thrown by {@link unwrap}: the status and the standard error body's code, message and details. */
export class InpsApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: NonNullable<ApiErrorBody['error']['details']>;

  constructor(status: number, body: unknown) {
    const error = isErrorBody(body) ? body.error : undefined;
    super(error ? `${status} ${error.code}: ${error.message}` : `HTTP ${status}`);
    this.name = 'InpsApiError';
    this.status = status;
    this.code = error?.code ?? `HTTP_${status}`;
    this.details = error?.details ?? [];
  }
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

/**
 * The data of a 2xx answer, or an {@link InpsApiError}:
 * `const screening = unwrap(await client.POST('/api/v1/screenings', { body }))`.
 */
export function unwrap<T>(result: { readonly data?: T; readonly error?: unknown; readonly response: Response }): T {
  if (!result.response.ok || result.error !== undefined) throw new InpsApiError(result.response.status, result.error);
  return result.data as T;
}
