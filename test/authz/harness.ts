import type supertest from 'supertest';

/** The principals of the matrix, in the column order of the tables. */
export const PRINCIPALS = ['anonymous', 'operator', 'partner_admin', 'partner_app', 'territorial', 'dg', 'central'] as const;
export type Who = (typeof PRINCIPALS)[number];

/**
 * allow: passes the gate (on the own fixture and, where there is one, on the other too);
 * deny: refused (401 anonymous, 403 otherwise; 404 where the row hides existence);
 * own: allowed on its own organisation / territory, refused (403 or 404) on the other one.
 */
export type Expect = 'allow' | 'deny' | 'own';
export const A: Expect = 'allow';
export const D: Expect = 'deny';
export const O: Expect = 'own';
/** One expectation per principal, in PRINCIPALS order: anonymous, operator, partner_admin, partner_app, territorial, dg, central. */
type Cells = readonly [Expect, Expect, Expect, Expect, Expect, Expect, Expect];

export type Variant = 'own' | 'other';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RestRequest {
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  /** A raw body (document upload), sent with this content type. */
  readonly raw?: { readonly contentType: string; readonly data: Buffer };
}

export interface RestRow<F> {
  readonly method: Method;
  /** The path as the OpenAPI document writes it. */
  readonly path: string;
  /** Tells two rows of the same route apart (self-assessment vs operator-mode screening). */
  readonly label?: string;
  readonly x: Cells;
  readonly own: (f: F, who: Who) => RestRequest | Promise<RestRequest>;
  /** The same operation on the other organisation's / territory's resource. */
  readonly other?: (f: F, who: Who) => RestRequest | undefined;
  /**
   * For lists and filtered reads: 'filter' means the other request may also answer 2xx provided the
   * other fixture's marker is not in the answer (a list filtered to what the caller may see).
   */
  readonly otherMode?: 'refuse' | 'filter';
  /** Text that must not appear in an 'own' principal's answer (the other fixture's id). */
  readonly otherMarker?: (f: F) => string;
  /** Text that must appear in an 'own' principal's answer (the own fixture's id, in a list). */
  readonly ownMarker?: (f: F) => string;
  /** The service hides existence: a refusal may be 404, and a 404 is never "allowed". */
  readonly hidden?: boolean;
  /** Statuses accepted as an anonymous refusal (default 401). */
  readonly anonRefusal?: readonly number[];
  /** Answers ("403", "409 TRANSITION_NOT_ALLOWED") accepted as a refusal of an authenticated caller (default 403). */
  readonly refusal?: readonly string[];
  /** Statuses accepted for an allowed GET (default 200). */
  readonly readOk?: readonly number[] | ((f: F) => readonly number[]);
  readonly note?: string;
}

export interface GqlRequest {
  readonly query: string;
  readonly variables?: Readonly<Record<string, unknown>>;
}

export interface GqlRow<F> {
  readonly op: 'query' | 'mutation';
  readonly field: string;
  readonly label?: string;
  readonly x: Cells;
  readonly own: (f: F, who: Who) => GqlRequest | Promise<GqlRequest>;
  readonly other?: (f: F, who: Who) => GqlRequest;
  readonly otherMode?: 'refuse' | 'filter';
  readonly otherMarker?: (f: F) => string;
  readonly ownMarker?: (f: F) => string;
  readonly hidden?: boolean;
  /** Codes accepted as an anonymous refusal (default UNAUTHORIZED). */
  readonly anonRefusal?: readonly string[];
  /** Codes accepted as a refusal of an authenticated caller (default FORBIDDEN). */
  readonly refusal?: readonly string[];
  /** A query whose answer may carry a (non-authorization) error, e.g. no fixture exists. */
  readonly lenient?: boolean;
  readonly note?: string;
}

export interface CellResult {
  readonly key: string;
  readonly ok: boolean;
  readonly got: string;
  readonly expected: string;
}

/** The key of a cell, as KNOWN_GAPS names it: "GET /api/v1/x/{id} [label] | role | own". */
export const cellKey = (op: string, label: string | undefined, who: Who, variant: Variant): string =>
  `${op}${label ? ` [${label}]` : ''} | ${who} | ${variant}`;

type Http = ReturnType<typeof supertest>;

export async function sendRest(
  http: Http,
  method: Method,
  req: RestRequest,
  token: string | undefined,
): Promise<{ status: number; text: string; code?: string }> {
  let r = http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](req.path);
  if (req.query) r = r.query(req.query);
  if (token) r = r.set('authorization', `Bearer ${token}`);
  let res;
  if (req.raw) res = await r.set('content-type', req.raw.contentType).send(req.raw.data);
  else if (req.body !== undefined) res = await r.set('content-type', 'application/json').send(JSON.stringify(req.body));
  else res = await r;
  const text = typeof res.text === 'string' ? res.text : '';
  const code = (res.body as { error?: { code?: string } } | undefined)?.error?.code;
  return { status: res.status, text, code };
}

export interface GqlAnswer {
  readonly status: number;
  readonly codes: string[];
  readonly hasData: boolean;
  readonly text: string;
}

export async function sendGql(http: Http, req: GqlRequest, token: string | undefined): Promise<GqlAnswer> {
  let r = http.post('/graphql').set('content-type', 'application/json');
  if (token) r = r.set('authorization', `Bearer ${token}`);
  const res = await r.send(JSON.stringify(req));
  const body = res.body as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
  const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? 'NO_CODE');
  const hasData = !!body.data && Object.values(body.data).some((v) => v !== null && v !== undefined);
  return { status: res.status, codes, hasData, text: res.text };
}

const REFUSAL_CODES = new Set(['UNAUTHORIZED', 'FORBIDDEN']);
/** Codes that mean the probe itself is wrong (never reached a resolver): the cell proves nothing. */
const PROBE_ERRORS = new Set([
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_USER_INPUT',
  'QUERY_TOO_COSTLY',
  'QUERY_TOO_DEEP',
  'INTERNAL_SERVER_ERROR',
  'NO_CODE',
]);

/** Judges one REST answer against what the cell expects. */
export function judgeRest(
  row: Pick<RestRow<unknown>, 'method' | 'hidden' | 'anonRefusal' | 'refusal'> & { readonly readOk?: readonly number[] },
  who: Who,
  variant: Variant,
  want: 'allowed' | 'refused' | 'filtered',
  got: { status: number; text: string; code?: string },
  marker?: string,
  ownMarker?: string,
): { ok: boolean; expected: string } {
  const s = got.status;
  if (want === 'refused') {
    if (who !== 'anonymous' && row.refusal)
      return { ok: row.refusal.includes(String(s)) || row.refusal.includes(describeRest(got)), expected: `refused (${row.refusal.join('/')})` };
    const accepted = who === 'anonymous' ? (row.anonRefusal ?? (row.hidden ? [401, 404] : [401])) : variant === 'other' || row.hidden ? [403, 404] : [403];
    return { ok: accepted.includes(s), expected: `refused (${accepted.join('/')})` };
  }
  if (want === 'filtered') {
    if (s === 403 || s === 404) return { ok: true, expected: 'refused or filtered' };
    const ok = s >= 200 && s < 300 && (marker === undefined || !got.text.includes(marker));
    return { ok, expected: `refused (403/404) or 2xx without the other fixture (${marker})` };
  }
  const gateRefusal = s === 401 || s === 403 || (row.hidden === true && s === 404);
  if (gateRefusal || s >= 500) return { ok: false, expected: 'allowed' };
  if (row.method === 'GET') {
    const okStatuses = row.readOk ?? [200];
    if (!okStatuses.includes(s)) return { ok: false, expected: `allowed (${okStatuses.join('/')})` };
  }
  if (marker !== undefined && got.text.includes(marker)) return { ok: false, expected: `allowed, without the other fixture (${marker}) in the answer` };
  if (ownMarker !== undefined && !got.text.includes(ownMarker)) return { ok: false, expected: `allowed, with the own fixture (${ownMarker}) in the answer` };
  return { ok: true, expected: 'allowed' };
}

export function judgeGql(
  row: Pick<GqlRow<unknown>, 'op' | 'hidden' | 'anonRefusal' | 'lenient' | 'refusal'>,
  who: Who,
  variant: Variant,
  want: 'allowed' | 'refused' | 'filtered',
  got: GqlAnswer,
  marker?: string,
  ownMarker?: string,
): { ok: boolean; expected: string } {
  if (got.codes.some((c) => PROBE_ERRORS.has(c)) || got.status >= 500) return { ok: false, expected: `${want} (the probe failed: fix the test row)` };
  if (want === 'refused') {
    const accepted =
      who === 'anonymous'
        ? (row.anonRefusal ?? (row.hidden ? ['UNAUTHORIZED', 'NOT_FOUND'] : ['UNAUTHORIZED']))
        : (row.refusal ?? (variant === 'other' || row.hidden ? ['FORBIDDEN', 'NOT_FOUND'] : ['FORBIDDEN']));
    return { ok: got.codes.length > 0 && got.codes.every((c) => accepted.includes(c)), expected: `refused (${accepted.join('/')})` };
  }
  if (want === 'filtered') {
    if (got.codes.length > 0 && got.codes.every((c) => c === 'FORBIDDEN' || c === 'NOT_FOUND')) return { ok: true, expected: 'refused or filtered' };
    return {
      ok: got.codes.length === 0 && (marker === undefined || !got.text.includes(marker)),
      expected: `refused or answered without the other fixture (${marker})`,
    };
  }
  const refused = got.codes.some((c) => REFUSAL_CODES.has(c) || (row.hidden === true && c === 'NOT_FOUND'));
  if (refused) return { ok: false, expected: 'allowed' };
  if (row.op === 'query' && !row.lenient && (got.codes.length > 0 || !got.hasData)) return { ok: false, expected: 'allowed, with data and no error' };
  if (marker !== undefined && got.text.includes(marker)) return { ok: false, expected: `allowed, without the other fixture (${marker}) in the answer` };
  if (ownMarker !== undefined && !got.text.includes(ownMarker)) return { ok: false, expected: `allowed, with the own fixture (${ownMarker}) in the answer` };
  return { ok: true, expected: 'allowed' };
}

export const describeRest = (got: { status: number; code?: string }): string => `${got.status}${got.code ? ` ${got.code}` : ''}`;
export const describeGql = (got: GqlAnswer): string => (got.codes.length ? `errors ${got.codes.join(',')}` : got.hasData ? 'data' : 'no data');
