import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { Body, Controller, Get, Module, Param, Post, type DynamicModule } from '@nestjs/common';
import { Field, GraphQLModule, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min, ValidateNested } from 'class-validator';
import { Writable } from 'node:stream';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  AuthModule,
  ConflictError,
  CoreModule,
  createTestApp,
  CurrentPrincipal,
  DatabaseModule,
  formatGraphQLError,
  HealthModule,
  NotFoundError,
  Public,
  QueueModule,
  Roles,
  testQueuePrefix,
  testRedisUrl,
  type Principal,
  type BaseServiceConfig,
  type TestApp,
} from '../src';

jest.setTimeout(60_000);

class CreateGadgets1763000000001 implements MigrationInterface {
  readonly name = 'CreateGadgets1763000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE gadget (name text PRIMARY KEY)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE gadget');
  }
}

class FactsDto {
  @IsInt()
  @Min(0)
  @Max(130)
  age!: number;
}

class GadgetDto {
  @IsString()
  name!: string;

  @ValidateNested()
  @Type(() => FactsDto)
  facts!: FactsDto;
}

@Controller('api/v1/gadgets')
class GadgetController {
  constructor(private readonly dataSource: DataSource) {}

  @Public()
  @Post()
  create(@Body() body: GadgetDto): { name: string; age: number } {
    return { name: body.name, age: body.facts.age };
  }

  @Public()
  @Post('stored')
  async store(@Body() body: { name: string }): Promise<{ name: string }> {
    await this.dataSource.query('INSERT INTO gadget (name) VALUES ($1)', [body.name]);
    return body;
  }

  @Public()
  @Get('by-id/:id')
  async byId(@Param('id') id: string): Promise<unknown> {
    return this.dataSource.query('SELECT $1::uuid AS id', [id]);
  }

  @Public()
  @Get('missing')
  missing(): never {
    throw new NotFoundError('No gadget here');
  }

  @Public()
  @Get('boom')
  boom(): never {
    throw new Error('connection string postgres://admin:hunter2@db');
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Public()
  @Get('maybe')
  maybe(@CurrentPrincipal() principal: Principal | null): { anonymous: boolean } {
    return { anonymous: principal === null };
  }

  @Roles('central', 'dg')
  @Get('national')
  national(): { ok: true } {
    return { ok: true };
  }
}

@ObjectType()
class Me {
  @Field()
  subject!: string;

  @Field(() => [String])
  roles!: string[];
}

@Resolver()
class GadgetResolver {
  @Query(() => Me)
  me(@CurrentPrincipal() principal: Principal): Me {
    return { subject: principal.subject, roles: [...principal.roles] };
  }

  @Public()
  @Query(() => String)
  hello(): string {
    return 'ciao';
  }

  @Public()
  @Query(() => String)
  broken(): string {
    throw new Error('password hunter2 leaked');
  }

  @Public()
  @Query(() => String)
  taken(): string {
    throw new ConflictError('Already taken', [{ field: 'name', issue: 'exists' }], 'ALREADY_TAKEN');
  }

  @Roles('central')
  @Query(() => String)
  national(): string {
    return 'ok';
  }
}

@Module({})
class DemoModule {
  static forRoot(config: BaseServiceConfig): DynamicModule {
    return {
      module: DemoModule,
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, schema: 'demo', migrations: [CreateGadgets1763000000001], migrate: true }),
        QueueModule.forRoot({ config }),
        AuthModule.forRoot(config),
        HealthModule.forRoot({ timeoutMs: 1000 }),
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          formatError: formatGraphQLError,
          context: ({ req }: { req: unknown }) => ({ req }),
        }),
      ],
      controllers: [GadgetController],
      providers: [GadgetResolver],
    };
  }
}

class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l !== ''),
    );
    done();
  }
}

describe('a service built with createTestApp', () => {
  let t: TestApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    t = await createTestApp((config) => DemoModule.forRoot(config), {
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('app'), BODY_LIMIT: '1kb' },
      openApi: { title: 'Demo', version: '1.0.0' },
      logDestination: logs,
    });
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('errors in the one shape', () => {
    it('answers malformed JSON with 400 MALFORMED_BODY', async () => {
      const res = await t.http.post('/api/v1/gadgets').set('content-type', 'application/json').send('{"name": "x",');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        error: {
          code: 'MALFORMED_BODY',
          message: 'La richiesta non è leggibile: il contenuto non è JSON valido.',
          language: 'it',
          reviewed: true,
          developerMessage: 'The request body is not valid JSON',
        },
      });
    });

    it('answers a body over BODY_LIMIT with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await t.http.post('/api/v1/gadgets').send({ name: 'x'.repeat(2048), facts: { age: 1 } });
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    });

    it('answers a non-JSON body with 415', async () => {
      const res = await t.http.post('/api/v1/gadgets').set('content-type', 'text/plain').send('name=x');
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    });

    it('answers an unknown route with 404 without echoing the path or query', async () => {
      const res = await t.http.get('/api/v1/nothing-here?secret=42');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: {
          code: 'NOT_FOUND',
          message: 'Quanto richiesto non esiste o non è visibile con le sue credenziali.',
          language: 'it',
          reviewed: true,
          developerMessage: 'No route matches this request',
        },
      });
    });

    it('names each invalid field with its dotted path', async () => {
      const res = await t.http.post('/api/v1/gadgets').send({ name: 7, facts: { age: -1 }, extra: true });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      const fields = (res.body.error.details as { field: string }[]).map((d) => d.field).sort();
      expect(fields).toEqual(['extra', 'facts.age', 'name']);
    });

    it('passes valid input through, transformed', async () => {
      const res = await t.http.post('/api/v1/gadgets').send({ name: 'ok', facts: { age: 30 } });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ name: 'ok', age: 30 });
    });

    it('keeps an AppError status, code and message', async () => {
      const res = await t.http.get('/api/v1/gadgets/missing');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        error: {
          code: 'NOT_FOUND',
          message: 'Quanto richiesto non esiste o non è visibile con le sue credenziali.',
          language: 'it',
          reviewed: true,
          developerMessage: 'No gadget here',
        },
      });
    });

    it('hides an unexpected error behind 500 INTERNAL and logs it with the request id', async () => {
      const res = await t.http.get('/api/v1/gadgets/boom').set('x-request-id', 'req-boom-1');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({
        error: {
          code: 'INTERNAL',
          message: 'Si è verificato un errore imprevisto. Ci scusiamo: riprovi più tardi.',
          language: 'it',
          reviewed: true,
          developerMessage: 'An unexpected error occurred',
        },
      });
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      const logged = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.msg === 'unhandled error' && l.requestId === 'req-boom-1');
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain('stack');
    });

    it('turns a unique violation into 409 and a malformed uuid into 400', async () => {
      expect((await t.http.post('/api/v1/gadgets/stored').send({ name: 'twin' })).status).toBe(201);
      const dup = await t.http.post('/api/v1/gadgets/stored').send({ name: 'twin' });
      expect(dup.status).toBe(409);
      expect(dup.body.error.code).toBe('CONFLICT');
      const bad = await t.http.get('/api/v1/gadgets/by-id/not-a-uuid');
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('request ids', () => {
    it('echoes a safe x-request-id and replaces an unsafe one', async () => {
      const kept = await t.http.get('/health/live').set('x-request-id', 'abc-123');
      expect(kept.headers['x-request-id']).toBe('abc-123');
      const replaced = await t.http.get('/health/live').set('x-request-id', 'no spaces <script>');
      expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('authentication and roles (REST)', () => {
    it('refuses an anonymous caller with 401 unless the route is public', async () => {
      const res = await t.http.get('/api/v1/gadgets/me');
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body.error.code).toBe('UNAUTHORIZED');
      expect((await t.http.get('/api/v1/gadgets/maybe')).body).toEqual({ anonymous: true });
    });

    it('accepts the tokens minted by createTestApp and exposes the principal', async () => {
      const res = await t.http.get('/api/v1/gadgets/me').set('authorization', `Bearer ${await t.tokens.operator('org-7')}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ subject: 'test-operator', roles: ['operator'], organisationId: 'org-7', territories: [], clientType: 'user' });
      const maybe = await t.http.get('/api/v1/gadgets/maybe').set('authorization', `Bearer ${await t.tokens.central()}`);
      expect(maybe.body).toEqual({ anonymous: false });
    });

    it('refuses a bad token even on a public route', async () => {
      const res = await t.http.get('/api/v1/gadgets/maybe').set('authorization', 'Bearer not.a.token');
      expect(res.status).toBe(401);
      const basic = await t.http.get('/api/v1/gadgets/maybe').set('authorization', 'Basic dXNlcjpwYXNz');
      expect(basic.status).toBe(401);
    });

    it('enforces @Roles with 403', async () => {
      const operator = await t.http.get('/api/v1/gadgets/national').set('authorization', `Bearer ${await t.tokens.operator()}`);
      expect(operator.status).toBe(403);
      expect(operator.body.error.code).toBe('FORBIDDEN');
      const dg = await t.http.get('/api/v1/gadgets/national').set('authorization', `Bearer ${await t.tokens.dg()}`);
      expect(dg.status).toBe(200);
    });
  });

  describe('GraphQL', () => {
    const gql = async (query: string, token?: string) => {
      const req = t.http.post('/graphql').send({ query });
      if (token) req.set('authorization', `Bearer ${token}`);
      return req;
    };

    it('serves public queries to anonymous callers and refuses the others with UNAUTHORIZED', async () => {
      expect((await gql('{ hello }')).body).toEqual({ data: { hello: 'ciao' } });
      const res = await gql('{ me { subject } }');
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHORIZED');
    });

    it('gives resolvers the principal and enforces roles', async () => {
      const res = await gql('{ me { subject roles } }', await t.tokens.territorial(['058']));
      expect(res.body.data).toEqual({ me: { subject: 'test-territorial', roles: ['territorial'] } });
      const denied = await gql('{ national }', await t.tokens.partnerApp());
      expect(denied.body.errors[0].extensions.code).toBe('FORBIDDEN');
    });

    it('puts code and details in extensions, and hides unexpected errors', async () => {
      const taken = await gql('{ taken }');
      expect(taken.body.errors[0]).toMatchObject({
        // A code the catalogue lacks is answered with its status's message.
        message: "L'operazione non è possibile nello stato attuale.",
        extensions: { code: 'ALREADY_TAKEN', developerMessage: 'Already taken', details: [{ field: 'name', issue: 'exists' }] },
      });
      const broken = await gql('{ broken }');
      expect(broken.body.errors[0].extensions.developerMessage).toBe('An unexpected error occurred');
      expect(broken.body.errors[0].extensions.code).toBe('INTERNAL');
      expect(JSON.stringify(broken.body)).not.toMatch(/hunter2|stacktrace|at .*\.ts/);
    });

    it('logs GraphQL requests under /graphql, without the query', async () => {
      await gql('{ hello }');
      const lines = logs.lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'request' && l.method === 'POST');
      expect(lines.at(-1)).toMatchObject({ route: '/graphql', status: 200 });
      expect(logs.lines.join('\n')).not.toContain('hello');
    });

    it('keeps Apollo codes for invalid queries', async () => {
      const res = await gql('{ nope }');
      expect(res.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });
  });

  describe('OpenAPI and health', () => {
    it('serves /openapi.json and /docs', async () => {
      const doc = await t.http.get('/openapi.json');
      expect(doc.status).toBe(200);
      expect(doc.body.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/gadgets', '/health/ready']));
      expect(doc.body.components.schemas.Error).toBeDefined();
      const docs = await t.http.get('/docs');
      expect(docs.status).toBe(200);
      expect(docs.text).toContain('swagger');
    });

    it('is live and ready when the database and the queue answer', async () => {
      expect((await t.http.get('/health/live')).body).toEqual({ status: 'ok' });
      const ready = await t.http.get('/health/ready');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', checks: { database: 'up', queue: 'up' } });
    });
  });
});
