import type { ArgumentMetadata, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ValidationFailedError } from '../errors/app-error';

const NUL = '\u0000';
/** Enough to name what is wrong; a body full of NULs need not be listed whole. */
const MAX_FIELDS = 10;
/** @nestjs/graphql hands `@Args()` to pipes with this numeric type (GqlParamtype.ARGS). */
const GRAPHQL_ARGS = 3;
/** Subgraph bodies: their strings reach resolvers as arguments, which the pipe checks (errors then come back as GraphQL errors). */
const GRAPHQL_PATH = '/graphql';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A field name fit to send back: the NUL itself is shown as `\0`. */
function printable(name: string): string {
  return name.split(NUL).join('\\0');
}

/**
 * Dotted paths (`title`, `parties.0.commitments.1`, as validation errors name fields) of the strings
 * and property names holding a NUL character, in JSON-like data (plain objects, arrays, strings);
 * anything else, such as an uploaded file's Buffer, is not looked into. Iterative, so a deeply
 * nested body cannot overflow the stack.
 */
export function nulBytePaths(value: unknown, root = ''): string[] {
  const found: string[] = [];
  const join = (parent: string, key: string | number): string => (parent === '' ? String(key) : `${parent}.${key}`);
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0 && found.length < MAX_FIELDS) {
    const [item, path] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      if (item.includes(NUL)) found.push(path === '' ? 'body' : path);
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], join(path, i)]);
    } else if (isPlainObject(item)) {
      const keys = Object.keys(item);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i] as string;
        if (key.includes(NUL)) found.push(printable(join(path, key)));
        else stack.push([item[key], join(path, key)]);
      }
    }
  }
  return found.slice(0, MAX_FIELDS);
}

/**
 * PostgreSQL refuses a NUL character in text and JSON, so a string holding one would fail deep in a
 * query (a 500). It never belongs in this API's input: it is refused at the door, as a 400 naming
 * the field.
 */
export function nulByteError(fields: readonly string[]): ValidationFailedError {
  return new ValidationFailedError(
    `The request is not valid: ${fields.join(', ')} must not contain a NUL character`,
    fields.map((field) => ({ field, issue: 'must not contain a NUL character (U+0000)' })),
  );
}

/**
 * Express middleware (installed by configureApp for every service): the query string and the parsed
 * body of every request except the GraphQL endpoint's, whose arguments the pipe below checks.
 * Done here rather than only in a pipe so that a handler reading `req` itself is covered too.
 */
export function rejectNulBytes(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction): void => {
    const fields = nulBytePaths(req.query);
    if (req.path !== GRAPHQL_PATH) fields.push(...nulBytePaths(req.body));
    next(fields.length > 0 ? nulByteError(fields.slice(0, MAX_FIELDS)) : undefined);
  };
}

/**
 * Global pipe (installed by configureApp): route parameters (`/rule-sets/:id`), and GraphQL
 * arguments, inline literals and variables alike. Body and query are checked by the middleware, but
 * are checked here too when a handler binds them, which costs little and keeps the pipe whole on its own.
 */
export class RejectNulBytesPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const type = metadata.type as ArgumentMetadata['type'] | number;
    if (type !== 'body' && type !== 'query' && type !== 'param' && type !== GRAPHQL_ARGS) return value;
    const fields = nulBytePaths(value, metadata.data ?? '');
    if (fields.length > 0) throw nulByteError(fields);
    return value;
  }
}
