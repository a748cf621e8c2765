import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { Transform, type TransformCallback } from 'node:stream';
import { NotFoundError, PayloadTooLargeError, requestIdOf, ServiceUnavailableError, traceOutgoing, type AppError, type OutgoingCall } from '@inps/shared';
import type { Request, RequestHandler, Response } from 'express';
import { BadGatewayError, GatewayTimeoutError, sendError } from '../app/gateway.errors';
import { declaredLength, discardRestOfBody } from '../app/oversized-body';
import { ownerOfPath, type UpstreamName, type UpstreamUrls } from '../upstreams/upstreams';

export interface RestProxyOptions {
  readonly urls: UpstreamUrls;
  /** Bytes a request body may have, except on streamed upload paths. */
  readonly bodyLimitBytes: number;
  /** Bytes of a refused body read and dropped so that the client sees the 413 (oversized-body.ts). */
  readonly drainBytes: number;
  readonly timeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Told once per proxied call: the service, whether it answered (a 5xx is a failure too), and the wait for its answer. */
  readonly observe?: (upstream: UpstreamName, outcome: 'ok' | 'error', seconds: number) => void;
}

/** RFC 9110 §7.6.1: meaningful for one connection only, never forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
]);

/**
 * Request headers never passed on: the client's own claims about addresses and hosts (a service
 * must not take an address it could log, nor trust one the client made up), and cookies (the API
 * uses bearer tokens; a cookie would only carry something else of the browser's).
 */
const DROPPED_REQUEST_HEADERS = new Set(['host', 'forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-real-ip', 'cookie']);

/**
 * Bodies streamed whatever their size: document uploads, which the agreements service limits
 * itself (it knows the allowed size per document type).
 */
const STREAMED_UPLOADS = [/^\/api\/v1\/agreements\/[^/]+\/documents\/?$/];

function connectionTokens(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  return new Set(
    (typeof value === 'string' ? value : '')
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== ''),
  );
}

/** The trace context headers, which the gateway replaces with its own when it traces. */
const TRACE_HEADERS = new Set(['traceparent', 'tracestate']);

function requestHeaders(req: Request, call: OutgoingCall | undefined): OutgoingHttpHeaders {
  const named = connectionTokens(req.headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name) || DROPPED_REQUEST_HEADERS.has(name)) continue;
    if (call && TRACE_HEADERS.has(name)) continue;
    out[name] = value;
  }
  if (call) Object.assign(out, call.headers);
  const requestId = requestIdOf(req);
  if (requestId) out['x-request-id'] = requestId;
  // A chunked request keeps its framing: Node re-chunks when no content-length is given.
  return out;
}

function copyResponseHeaders(from: http.IncomingMessage, res: Response): void {
  const named = connectionTokens(from.headers);
  for (const [name, value] of Object.entries(from.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    // Ours win: the request id the client was given, and no caching of partner or personal data.
    if (name === 'x-request-id' || name === 'cache-control') continue;
    // CORS is the gateway's alone (cors.ts): a service must not widen it.
    if (name.startsWith('access-control-')) continue;
    res.setHeader(name, value);
  }
}

/** Counts bytes as they pass and fails the stream beyond the limit; nothing is held in memory. */
class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) return done(new PayloadTooLargeError());
    done(null, chunk);
  }
}

function unavailable(owner: UpstreamName): AppError {
  return new ServiceUnavailableError(`The ${owner} service is not available; try again shortly`, undefined, 'UPSTREAM_UNAVAILABLE');
}

const agents = { http: new http.Agent({ keepAlive: true, maxSockets: 256 }), https: new https.Agent({ keepAlive: true, maxSockets: 256 }) };

/**
 * `/api/v1/<resource>/…` → the owning service, as a stream in both directions: status, headers
 * (minus hop-by-hop) and body pass through unchanged, errors included, so a service's answer is
 * the same through the gateway as direct. The gateway adds only its own errors: 404 for a resource
 * nobody owns, 413 beyond the body limit, 503 when the service cannot be reached, 504 when it
 * does not answer in time, 502 when it breaks off.
 */
export function restProxy(options: RestProxyOptions): RequestHandler {
  // Parsed once: the addresses are configuration, and a URL parse per request showed in profiles.
  const targets = new Map(
    (Object.keys(options.urls) as UpstreamName[]).map((owner) => {
      const url = new URL(options.urls[owner]);
      return [owner, { url, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80), prefix: url.pathname.replace(/\/$/, '') }] as const;
    }),
  );
  return (req, res) => {
    const path = req.originalUrl;
    const pathname = path.split('?')[0] ?? '';
    const owner = ownerOfPath(pathname);
    if (!owner) return sendError(res, new NotFoundError('No API resource at this path', undefined, 'NOT_FOUND'));
    const streamed = STREAMED_UPLOADS.some((p) => p.test(pathname));
    if (!streamed && (declaredLength(req) ?? 0) > options.bodyLimitBytes) {
      // Refused before reading it, and what is still coming is dropped.
      sendError(res, new PayloadTooLargeError());
      return discardRestOfBody(req, { maxBytes: options.drainBytes });
    }

    const { url: target, port, prefix } = targets.get(owner) as { url: URL; port: number; prefix: string };
    const secure = target.protocol === 'https:';
    const started = options.observe ? process.hrtime.bigint() : 0n;
    const observe = (outcome: 'ok' | 'error'): void => options.observe?.(owner, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    const call = traceOutgoing(req.method, target);
    let settled = false;
    const fail = (error: AppError): void => {
      if (settled) return;
      settled = true;
      call?.end('failed');
      // A body the client made too large is the client's failure, not the service's.
      if (!(error instanceof PayloadTooLargeError)) observe('error');
      upstream.destroy();
      if (res.headersSent) res.destroy();
      else {
        sendError(res, error);
        if (error instanceof PayloadTooLargeError) {
          req.unpipe();
          discardRestOfBody(req, { maxBytes: options.drainBytes });
        }
      }
    };
    const upstream = (secure ? https : http).request({
      protocol: target.protocol,
      hostname: target.hostname,
      port,
      method: req.method,
      path: `${prefix}${path}`,
      headers: requestHeaders(req, call),
      agent: secure ? agents.https : agents.http,
    });
    upstream.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => fail(unavailable(owner)), options.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    upstream.setTimeout(options.timeoutMs, () => fail(new GatewayTimeoutError()));
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      const refused = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(error.code ?? '');
      fail(refused ? unavailable(owner) : new BadGatewayError());
    });
    upstream.on('response', (answer) => {
      if (settled) return answer.resume();
      settled = true;
      call?.end(answer.statusCode ?? 502);
      observe((answer.statusCode ?? 502) >= 500 ? 'error' : 'ok');
      // The body timeout applies to waiting for the answer, not to a long download.
      upstream.setTimeout(0);
      res.status(answer.statusCode ?? 502);
      copyResponseHeaders(answer, res);
      res.setHeader('Cache-Control', 'no-store');
      answer.on('error', () => res.destroy());
      answer.pipe(res);
    });
    // The client went away: stop the service's work and free the connection.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });

    if (streamed) {
      req.pipe(upstream);
    } else {
      const limit = new ByteLimit(options.bodyLimitBytes);
      limit.on('error', (error) => fail(error instanceof PayloadTooLargeError ? error : new BadGatewayError()));
      req.pipe(limit).pipe(upstream);
    }
    req.on('error', () => upstream.destroy());
  };
}
