import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';
import { mapException } from '../errors/error-mapping';
import { nulBytePaths, rejectNulBytes, RejectNulBytesPipe } from './nul-bytes';

const NUL = '\u0000';

/** What the middleware passes on: undefined, or the error Express hands to the error filter. */
function runMiddleware(req: Partial<Request>): unknown {
  let passed: unknown = 'not called';
  rejectNulBytes()(req as Request, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  return passed;
}

describe('nulBytePaths', () => {
  it('names every string and property name holding a NUL, by dotted path', () => {
    expect(
      nulBytePaths({
        title: `a${NUL}b`,
        ok: 'fine',
        parties: [{ commitments: ['x', `${NUL}`] }],
        [`k${NUL}`]: 1,
        n: 3,
        nothing: null,
      }).sort(),
    ).toEqual(['k\\0', 'parties.0.commitments.1', 'title']);
    expect(nulBytePaths(`x${NUL}`, 'id')).toEqual(['id']);
    expect(nulBytePaths(`x${NUL}`)).toEqual(['body']);
    expect(nulBytePaths({ a: 'clean', b: ['also', { c: 'clean' }] })).toEqual([]);
  });

  it('does not look into files, and survives a very deep body', () => {
    expect(nulBytePaths({ file: Buffer.from([0, 1, 2]) })).toEqual([]);
    let deep: unknown = `x${NUL}`;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nulBytePaths(deep)).toHaveLength(1);
  });

  it('lists at most ten fields', () => {
    expect(nulBytePaths(Array.from({ length: 50 }, () => NUL))).toHaveLength(10);
  });
});

describe('rejectNulBytes (middleware)', () => {
  it('refuses a NUL in the query or the body as a 400 naming the field', () => {
    const fromQuery = runMiddleware({ path: '/api/v1/screenings', query: { territory: `058091${NUL}` }, body: undefined });
    expect(fromQuery).toBeInstanceOf(AppError);
    const mapped = mapException(fromQuery);
    expect(mapped.status).toBe(400);
    expect(mapped.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'territory' }] });
    expect(mapped.body.error.message).toContain('territory');
    expect(mapped.body.error.message).not.toContain(NUL);
    const fromBody = mapException(runMiddleware({ path: '/api/v1/agreements', query: {}, body: { title: `T${NUL}` } }));
    expect(fromBody.body.error.details).toEqual([{ field: 'title', issue: expect.stringContaining('NUL') }]);
  });

  it('lets clean requests through, and leaves GraphQL bodies to the pipe', () => {
    expect(runMiddleware({ path: '/api/v1/agreements', query: { q: 'x' }, body: { title: 'T' } })).toBeUndefined();
    expect(runMiddleware({ path: '/graphql', query: {}, body: { query: '{ a }', variables: { title: NUL } } })).toBeUndefined();
  });
});

describe('RejectNulBytesPipe', () => {
  const pipe = new RejectNulBytesPipe();

  it('refuses a NUL in a route parameter, naming it', () => {
    expect(() => pipe.transform(`it-2026${NUL}`, { type: 'param', data: 'id' })).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: 'id' })] }) as Error,
    );
  });

  it('refuses a NUL in GraphQL arguments (numeric type 3), naming the argument path', () => {
    expect(() => pipe.transform({ title: NUL }, { type: 3 as never, data: 'input' })).toThrow(
      expect.objectContaining({ details: [expect.objectContaining({ field: 'input.title' })] }) as Error,
    );
  });

  it('passes clean values and other parameter kinds through untouched', () => {
    const principal = { sub: NUL };
    expect(pipe.transform(principal, { type: 'custom' })).toBe(principal);
    expect(pipe.transform('clean', { type: 'param', data: 'id' })).toBe('clean');
  });
});
