import type { ArgumentsHost, LoggerService } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { LANGUAGES } from '@inps/kernel';
import { currentRequest, requestScope, type RequestLike } from '../i18n/request-scope';
import { ConflictError, NotFoundError, RateLimitedError, ValidationFailedError } from './app-error';
import { ERROR_CODES } from './error-codes';
import { errorCatalogue, errorMessage, localizeErrorBody } from './error-messages';
import { errorBody } from './error-body';
import { formatGraphQLError, localizeGraphQLError } from './graphql-error.formatter';
import { HttpErrorFilter } from './http-error.filter';

describe('the error catalogue', () => {
  it('has a message for every error code, in every language, and nothing else', () => {
    const catalogue = errorCatalogue();
    expect([...catalogue.keys()].sort()).toEqual([...ERROR_CODES].sort());
    expect(catalogue.problems()).toEqual([]);
    expect(catalogue.status().map((s) => s.language)).toEqual(LANGUAGES);
  });

  it('answers a code it lacks with its status message, so nothing is ever without words', () => {
    expect(errorMessage('ALREADY_TAKEN', 409, 'ro')).toEqual(errorMessage('CONFLICT', 409, 'ro'));
    expect(errorMessage('ALREADY_TAKEN', 409, 'it').text).toBe("L'operazione non è possibile nello stato attuale.");
    // A status without a code of its own: the generic 500 message.
    expect(errorMessage('TEAPOT', 418, 'it')).toEqual(errorMessage('BAD_REQUEST', 400, 'it'));
    expect(errorMessage('WEIRD', 599, 'it')).toEqual(errorMessage('INTERNAL', 500, 'it'));
  });

  it('localizes a body: message, language and review status, with the English text and the details kept', () => {
    const body = errorBody('VALIDATION_FAILED', 'The request is not valid', [{ field: 'facts.age', issue: 'must be ≥ 0' }]);
    expect(localizeErrorBody(body, 400, 'ro')).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Unele date trimise nu sunt valide: verificați câmpurile indicate și încercați din nou. (facts.age)',
        language: 'ro',
        reviewed: false,
        developerMessage: 'The request is not valid',
        details: [{ field: 'facts.age', issue: 'must be ≥ 0' }],
      },
    });
  });
});

describe('HttpErrorFilter answers in the request language', () => {
  function call(error: unknown, req: Partial<RequestLike>): { status: number; headers: Record<string, string>; body: { error: Record<string, unknown> } } {
    const res = {
      headersSent: false,
      statusCode: 200,
      headers: {} as Record<string, string>,
      body: undefined as unknown,
      status(code: number) {
        this.statusCode = code;
        return this;
      },
      json(body: unknown) {
        this.body = body;
        return this;
      },
      setHeader(name: string, value: string) {
        this.headers[name.toLowerCase()] = value;
      },
      end: jest.fn(),
    };
    const request = { method: 'GET', originalUrl: '/x', url: '/x', headers: {}, ...req };
    const host = { getType: () => 'http', switchToHttp: () => ({ getRequest: () => request, getResponse: () => res }) } as unknown as ArgumentsHost;
    const logger: LoggerService = { log: jest.fn(), error: jest.fn(), warn: jest.fn() };
    new HttpErrorFilter(logger).catch(error, host);
    return { status: res.statusCode, headers: res.headers, body: res.body as { error: Record<string, unknown> } };
  }

  it('Accept-Language: ro → the Romanian message, not reviewed, Content-Language ro', () => {
    const answer = call(new NotFoundError('No screening 42'), { headers: { 'accept-language': 'ro-RO,ro;q=0.9,en;q=0.5' } });
    expect(answer.status).toBe(404);
    expect(answer.headers['content-language']).toBe('ro');
    expect(answer.body).toEqual({
      error: {
        code: 'NOT_FOUND',
        message: 'Ceea ce ați cerut nu există sau nu este vizibil cu datele dumneavoastră de acces.',
        language: 'ro',
        reviewed: false,
        developerMessage: 'No screening 42',
      },
    });
  });

  it('a header naming only languages the programme does not speak, or none → Italian, reviewed', () => {
    for (const headers of [{ 'accept-language': 'de-DE,ja;q=0.8' }, {}]) {
      const answer = call(new ConflictError('Wrong state', undefined, 'TRANSITION_NOT_ALLOWED'), { headers });
      expect(answer.body.error).toMatchObject({
        code: 'TRANSITION_NOT_ALLOWED',
        message: 'Questo passaggio non è ammesso nello stato attuale.',
        language: 'it',
        reviewed: true,
      });
    }
  });

  it('a `language` in the query or the body wins over the header; an unknown one is passed over', () => {
    const header = { 'accept-language': 'ro' };
    expect(call(new RateLimitedError(3), { headers: header, query: { language: 'fr' } }).body.error).toMatchObject({ code: 'RATE_LIMITED', language: 'fr' });
    expect(call(new RateLimitedError(3), { headers: header, body: { language: 'ar' } }).body.error).toMatchObject({ language: 'ar', reviewed: false });
    expect(call(new RateLimitedError(3), { headers: header, query: { language: 'xx' } }).body.error).toMatchObject({ language: 'ro' });
  });
});

describe('formatGraphQLError answers in the language of the request in scope', () => {
  const failing = (original: Error): GraphQLError => new GraphQLError('resolver failed', { originalError: original, path: ['x'] });
  const inScope = <T>(req: RequestLike, fn: () => T): T => {
    let result: T | undefined;
    requestScope()(req, undefined, () => {
      expect(currentRequest()).toBe(req);
      result = fn();
    });
    return result as T;
  };

  it('Accept-Language: ro → Romanian message, extensions.language ro and reviewed false', () => {
    const error = failing(new ValidationFailedError([{ field: 'language', issue: 'x' }]));
    const formatted = inScope({ headers: { 'accept-language': 'ro' } }, () => formatGraphQLError({ message: error.message, extensions: {} }, error));
    expect(formatted.message).toBe('Unele date trimise nu sunt valide: verificați câmpurile indicate și încercați din nou. (language)');
    expect(formatted.extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      status: 400,
      language: 'ro',
      reviewed: false,
      details: [{ field: 'language', issue: 'x' }],
    });
  });

  it('an unknown header → Italian; ?language= wins over the header', () => {
    const error = failing(new NotFoundError());
    const italian = inScope({ headers: { 'accept-language': 'tlh' } }, () => formatGraphQLError({ message: error.message }, error));
    expect(italian.extensions).toMatchObject({ code: 'NOT_FOUND', language: 'it', reviewed: true });
    const chinese = inScope({ headers: { 'accept-language': 'ro' }, query: { language: 'zh' } }, () => formatGraphQLError({ message: error.message }, error));
    expect(chinese).toMatchObject({ message: '您请求的内容不存在，或您的凭据无权查看。', extensions: { language: 'zh' } });
  });

  it('localizeGraphQLError leaves an error a subgraph localized, and localizes one by its code', () => {
    const subgraphs = { message: 'Non trovato', extensions: { code: 'NOT_FOUND', language: 'it', reviewed: true } };
    expect(localizeGraphQLError(subgraphs, 'fr')).toBe(subgraphs);
    expect(localizeGraphQLError({ message: 'The query is 20 levels deep', extensions: { code: 'QUERY_TOO_DEEP' } }, 'es')).toEqual({
      message: 'La consulta GraphQL tiene demasiados niveles anidados.',
      extensions: { code: 'QUERY_TOO_DEEP', language: 'es', reviewed: false, developerMessage: 'The query is 20 levels deep' },
    });
  });
});
