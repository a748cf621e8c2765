import type { NextFunction, Request, Response } from 'express';
import { UnsupportedMediaTypeError } from '../errors/app-error';
import { requireJsonBody } from './body-parsing';

function run(check: ReturnType<typeof requireJsonBody>, method: string, path: string, contentType?: string): unknown {
  const req = { method, path, headers: { 'content-length': '5', ...(contentType ? { 'content-type': contentType } : {}) } } as unknown as Request;
  let passed: unknown = 'not called';
  check(req, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
  return passed;
}

describe('requireJsonBody', () => {
  const upload = { method: 'POST', path: /^\/api\/v1\/things\/[^/]+\/files$/ };
  const check = requireJsonBody([upload]);

  it('lets JSON through everywhere', () => {
    expect(run(check, 'POST', '/api/v1/things', 'application/json; charset=utf-8')).toBeUndefined();
    expect(run(check, 'POST', '/api/v1/things', 'application/merge-patch+json')).toBeUndefined();
  });

  it('lets any body reach a raw-body route, whose handler checks the type itself', () => {
    expect(run(check, 'POST', '/api/v1/things/1/files', 'text/plain')).toBeUndefined();
    expect(run(check, 'POST', '/api/v1/things/1/files')).toBeUndefined();
  });

  it('refuses a body that is not JSON anywhere else with 415, the same path by another method included', () => {
    expect(run(check, 'POST', '/api/v1/things', 'application/pdf')).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(run(check, 'PUT', '/api/v1/things/1/files', 'text/plain')).toBeInstanceOf(UnsupportedMediaTypeError);
    expect(run(requireJsonBody(), 'POST', '/api/v1/things/1/files', 'text/plain')).toBeInstanceOf(UnsupportedMediaTypeError);
  });
});
