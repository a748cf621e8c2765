import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';

/** Headers that name the software behind the gateway (ours or a service's): a map for attackers. */
const IDENTIFYING = ['x-powered-by', 'server', 'via', 'x-aspnet-version', 'x-generator'];
const IDENTIFYING_SET = new Set(IDENTIFYING);

function withoutIdentifying(headers: unknown): unknown {
  if (Array.isArray(headers)) {
    // Either [name, value, name, value…] or [[name, value], …].
    if (headers.length > 0 && Array.isArray(headers[0]))
      return (headers as [string, unknown][]).filter(([name]) => !IDENTIFYING_SET.has(String(name).toLowerCase()));
    const flat: unknown[] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      if (!IDENTIFYING_SET.has(String(headers[i]).toLowerCase())) flat.push(headers[i], headers[i + 1]);
    }
    return flat;
  }
  if (headers !== null && typeof headers === 'object') {
    const copy: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (!IDENTIFYING_SET.has(name.toLowerCase())) copy[name] = value as OutgoingHttpHeader;
    }
    return copy;
  }
  return headers;
}

/**
 * Removes those headers from every answer, whoever set them: Express itself, a service whose answer
 * the proxy copies, the GraphQL runtime, Nest. Done where the head is written, which every answer
 * goes through (an implicit head included), so no later `setHeader` can slip one past.
 */
export function hideIdentifyingHeaders(): RequestHandler {
  return (_req, res, next) => {
    const response = res as ServerResponse;
    const writeHead = response.writeHead as (...args: unknown[]) => ServerResponse;
    response.writeHead = function (this: ServerResponse, ...args: unknown[]): ServerResponse {
      for (const name of IDENTIFYING) this.removeHeader(name);
      const at = typeof args[1] === 'string' ? 2 : 1;
      if (args.length > at) args[at] = withoutIdentifying(args[at]);
      return writeHead.apply(this, args);
    } as ServerResponse['writeHead'];
    next();
  };
}
