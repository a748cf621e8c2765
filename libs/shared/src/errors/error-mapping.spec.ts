import { BadRequestException, HttpException, NotFoundException, ServiceUnavailableException, type ArgumentsHost, type LoggerService } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested, validate } from 'class-validator';
import { GraphQLError } from 'graphql';
import { EntityNotFoundError, QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, UnauthorizedError, UnprocessableError, ValidationFailedError } from './app-error';
import { mapException } from './error-mapping';
import { formatGraphQLError } from './graphql-error.formatter';
import { HttpErrorFilter } from './http-error.filter';
import { flattenValidationErrors, ParseUuidPipe } from './validation.pipe';

function bodyParserError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, statusCode: status, type, expose: true });
}

function pgError(code: string): QueryFailedError {
  return new QueryFailedError('INSERT ...', ['secret value'], Object.assign(new Error('duplicate key value violates unique constraint "x_pkey"'), { code }));
}

describe('mapException', () => {
  it.each([
    [
      new ValidationFailedError([{ field: 'facts.age', issue: 'must be ≥ 0' }]),
      400,
      { code: 'VALIDATION_FAILED', message: 'The request is not valid', details: [{ field: 'facts.age', issue: 'must be ≥ 0' }] },
    ],
    [
      new ValidationFailedError('Age is wrong', [{ field: 'age', issue: 'x' }]),
      400,
      { code: 'VALIDATION_FAILED', message: 'Age is wrong', details: [{ field: 'age', issue: 'x' }] },
    ],
    [new NotFoundError('No screening 42'), 404, { code: 'NOT_FOUND', message: 'No screening 42' }],
    [
      new ConflictError('Wrong state', [{ field: 'status', issue: 'is SIGNED' }], 'TRANSITION_NOT_ALLOWED'),
      409,
      { code: 'TRANSITION_NOT_ALLOWED', message: 'Wrong state', details: [{ field: 'status', issue: 'is SIGNED' }] },
    ],
    [new ConflictError(undefined, undefined, { code: 'DUPLICATE' }), 409, { code: 'DUPLICATE', message: 'The request conflicts with the current state' }],
    [new ForbiddenError(), 403, { code: 'FORBIDDEN', message: 'You are not allowed to do this' }],
    [new UnauthorizedError(), 401, { code: 'UNAUTHORIZED', message: 'Authentication is required' }],
    [new GoneError('Expired'), 410, { code: 'GONE', message: 'Expired' }],
    [new UnprocessableError('No rule set in force'), 422, { code: 'UNPROCESSABLE', message: 'No rule set in force' }],
  ])('keeps an AppError as it is (%#)', (error, status, body) => {
    expect(mapException(error)).toEqual({ status, body: { error: body }, unexpected: false });
  });

  it('maps body-parser failures to MALFORMED_BODY, PAYLOAD_TOO_LARGE and 415', () => {
    expect(mapException(bodyParserError(400, 'entity.parse.failed', 'Unexpected token')).body.error.code).toBe('MALFORMED_BODY');
    expect(mapException(bodyParserError(413, 'entity.too.large', 'request entity too large'))).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' } },
    });
    expect(mapException(bodyParserError(415, 'charset.unsupported', 'unsupported charset "LATIN9"'))).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'unsupported charset "LATIN9"' } },
    });
    expect(mapException(Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400 })).body.error.code).toBe('MALFORMED_BODY');
  });

  it('maps Nest HttpExceptions by status, without echoing paths and hiding 5xx messages', () => {
    expect(mapException(new BadRequestException(['a must be a string', 'b is required']))).toEqual({
      status: 400,
      body: { error: { code: 'BAD_REQUEST', message: 'a must be a string; b is required' } },
      unexpected: false,
    });
    expect(mapException(new NotFoundException('Cannot GET /api/v1/x?token=abc')).body).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route matches this request' },
    });
    expect(mapException(new HttpException('internal detail', 500))).toEqual({
      status: 500,
      body: { error: { code: 'INTERNAL', message: 'An unexpected error occurred' } },
      unexpected: true,
    });
    expect(mapException(new ServiceUnavailableException('Down for maintenance')).body.error).toEqual({
      code: 'SERVICE_UNAVAILABLE',
      message: 'Down for maintenance',
    });
    expect(mapException(new HttpException('slow down', 429)).body.error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('maps database errors: unique violation 409, malformed value 400, not found 404, without SQL or values', () => {
    const unique = mapException(pgError('23505'));
    expect(unique).toEqual({
      status: 409,
      body: { error: { code: 'CONFLICT', message: 'A resource with the same identifier already exists' } },
      unexpected: false,
    });
    expect(JSON.stringify(unique)).not.toMatch(/x_pkey|secret value|INSERT/);
    expect(mapException(pgError('22P02'))).toMatchObject({ status: 400, body: { error: { code: 'VALIDATION_FAILED' } } });
    expect(mapException(pgError('40001'))).toMatchObject({ status: 409, body: { error: { code: 'CONCURRENT_UPDATE' } } });
    expect(mapException(pgError('57P03'))).toMatchObject({ status: 503, unexpected: true });
    expect(mapException(new EntityNotFoundError('Screening', { id: 1 })).status).toBe(404);
    expect(mapException(pgError('XX000'))).toMatchObject({ status: 500, body: { error: { code: 'INTERNAL' } } });
  });

  it('answers 503 when the database connection or Redis is lost mid-request, naming neither', () => {
    const terminated = new QueryFailedError('UPDATE screening SET x = $1', ['secret value'], new Error('Connection terminated unexpectedly'));
    expect(mapException(terminated)).toMatchObject({ status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE' } }, unexpected: true });
    expect(mapException(new QueryRunnerAlreadyReleasedError()).status).toBe(503);
    expect(mapException(new QueryRunnerProviderAlreadyReleasedError()).status).toBe(503);
    expect(mapException(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' })).status).toBe(503);
    expect(
      mapException(Object.assign(new Error('Reached the max retries per request limit (which is 20).'), { name: 'MaxRetriesPerRequestError' })).status,
    ).toBe(503);
    expect(mapException(new Error('Connection is closed.')).status).toBe(503);
    expect(JSON.stringify(mapException(terminated))).not.toMatch(/secret value|UPDATE|6379/);
  });

  it('answers anything else with a generic 500 INTERNAL', () => {
    const mapped = mapException(new TypeError("Cannot read properties of undefined (reading 'password')"));
    expect(mapped).toEqual({ status: 500, body: { error: { code: 'INTERNAL', message: 'An unexpected error occurred' } }, unexpected: true });
    expect(mapException('a thrown string').status).toBe(500);
  });
});

describe('validation details', () => {
  class Facts {
    @IsInt()
    @Min(0)
    age!: number;
  }
  class Input {
    @IsString()
    language!: string;
    @ValidateNested()
    @Type(() => Facts)
    facts!: Facts;
  }

  it('name nested fields with dotted paths', async () => {
    const errors = await validate(plainToInstance(Input, { language: 3, facts: { age: -2 } }));
    const details = flattenValidationErrors(errors);
    expect(details.map((d) => d.field)).toEqual(['language', 'facts.age']);
    expect(details[1]?.issue).toContain('age must not be less than 0');
  });

  it('ParseUuidPipe refuses a malformed id naming the field', () => {
    const pipe = new ParseUuidPipe('screeningId');
    expect(pipe.transform('0B6F1F5E-0B7A-4A57-9A39-5F1B2B7D9D01')).toBe('0b6f1f5e-0b7a-4a57-9a39-5f1b2b7d9d01');
    expect(() => pipe.transform('42')).toThrow(ValidationFailedError);
    try {
      pipe.transform('42');
    } catch (e) {
      expect((e as ValidationFailedError).details).toEqual([{ field: 'screeningId', issue: 'must be a UUID' }]);
    }
  });
});

describe('HttpErrorFilter', () => {
  function host(type: string, headers: Record<string, string> = {}) {
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
    const req = { method: 'GET', headers, originalUrl: '/x?token=secret', url: '/x?token=secret' };
    const argumentsHost = { getType: () => type, switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as unknown as ArgumentsHost;
    return { res, argumentsHost };
  }
  const logger = (): LoggerService & { error: jest.Mock } => ({ log: jest.fn(), error: jest.fn(), warn: jest.fn() });

  it('writes the error shape and logs only unexpected errors', () => {
    const log = logger();
    const filter = new HttpErrorFilter(log);
    const known = host('http');
    filter.catch(new UnauthorizedError(), known.argumentsHost);
    expect(known.res.statusCode).toBe(401);
    expect(known.res.headers['www-authenticate']).toBe('Bearer');
    expect(known.res.body).toEqual({
      error: {
        code: 'UNAUTHORIZED',
        message: "Serve l'accesso: entri con le sue credenziali e riprovi.",
        language: 'it',
        reviewed: true,
        developerMessage: 'Authentication is required',
      },
    });
    expect(log.error).not.toHaveBeenCalled();

    const unknown = host('http');
    const boom = new Error('internal detail');
    filter.catch(boom, unknown.argumentsHost);
    expect(unknown.res.statusCode).toBe(500);
    expect(JSON.stringify(unknown.res.body)).not.toContain('internal detail');
    expect(log.error).toHaveBeenCalledWith(expect.objectContaining({ err: boom, status: 500, route: '(unmatched)' }), undefined, 'HttpErrorFilter');
    expect(JSON.stringify(log.error.mock.calls[0]?.[0])).not.toContain('token=secret');
  });

  it('hands GraphQL errors back untouched for formatGraphQLError', () => {
    const error = new ForbiddenError();
    const graphql = host('graphql');
    expect(new HttpErrorFilter(logger()).catch(error, graphql.argumentsHost)).toBe(error);
    expect(graphql.res.body).toBeUndefined();
  });
});

describe('formatGraphQLError', () => {
  const wrap = (original: unknown): GraphQLError => new GraphQLError('resolver failed', { originalError: original as Error, path: ['screening'] });

  it('puts code, status, details and the message in Italian (outside any request) in extensions, the English text as developerMessage', () => {
    const error = wrap(new ValidationFailedError([{ field: 'facts.age', issue: 'must be ≥ 0' }]));
    expect(
      formatGraphQLError({ message: error.message, path: ['screening'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, error),
    ).toEqual({
      message: 'Alcuni dati inviati non sono validi: controlli i campi indicati e riprovi. (facts.age)',
      path: ['screening'],
      locations: undefined,
      extensions: {
        code: 'VALIDATION_FAILED',
        status: 400,
        language: 'it',
        reviewed: true,
        developerMessage: 'The request is not valid',
        details: [{ field: 'facts.age', issue: 'must be ≥ 0' }],
      },
    });
  });

  it('hides the message and stack of unexpected errors', () => {
    const error = wrap(new Error('password=hunter2'));
    const formatted = formatGraphQLError(
      { message: 'password=hunter2', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['Error: password=hunter2', '    at resolver.ts:1'] } },
      error,
    );
    expect(formatted.message).toBe('Si è verificato un errore imprevisto. Ci scusiamo: riprovi più tardi.');
    expect(formatted.extensions).toEqual({ code: 'INTERNAL', status: 500, language: 'it', reviewed: true, developerMessage: 'An unexpected error occurred' });
    expect(JSON.stringify(formatted)).not.toContain('hunter2');
  });

  it("keeps Apollo's own client error codes, with their text as developerMessage", () => {
    const formatted = formatGraphQLError(
      { message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: ['...'] } },
      new GraphQLError('Cannot query field "x"'),
    );
    expect(formatted).toEqual({
      message: 'La richiesta GraphQL non corrisponde allo schema.',
      locations: undefined,
      path: undefined,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', language: 'it', reviewed: true, developerMessage: 'Cannot query field "x"' },
    });
  });
});
