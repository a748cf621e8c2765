import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { UnsupportedMediaTypeError } from '../errors/app-error';
import { mapBodyParserError } from '../errors/error-mapping';

const JSON_TYPES = ['application/json', 'application/*+json'];

function mediaType(req: Request): string {
  return (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJson(type: string): boolean {
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function hasBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
}

/**
 * The JSON body parser with our limit, whose failures become our errors (MALFORMED_BODY,
 * PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE) before Nest turns a JSON syntax error into a plain
 * 400 that no longer says what happened.
 */
export function jsonBodyParser(limit: string): RequestHandler {
  const parse = express.json({ limit, type: JSON_TYPES });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (error?: unknown) => (error ? next(mapBodyParserError(error) ?? error) : next()));
  };
}

/**
 * A route that takes its body raw (a file upload). Its handler reads the stream and checks the
 * Content-Type itself, so that a refusal names the types that route accepts.
 */
export interface RawBodyRoute {
  readonly method: string;
  /** Matched against the request path (no query string). */
  readonly path: RegExp;
}

/** A request that carries a body must say it is JSON, else 415; a raw-body route checks its own. */
export function requireJsonBody(rawBodyRoutes: readonly RawBodyRoute[] = []): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!hasBody(req) || isJson(mediaType(req))) return next();
    if (rawBodyRoutes.some((route) => route.method === req.method && route.path.test(req.path))) return next();
    next(new UnsupportedMediaTypeError());
  };
}
