import { romeDate } from '@inps/kernel';
import { randomUUID } from 'node:crypto';
import { Body, Controller, Module, Post, type DynamicModule } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  AuthModule,
  CoreModule,
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createIdempotencySealedMigration,
  buildDataSourceOptions,
  createTestApp,
  createTestDatabase,
  DatabaseModule,
  IdempotencyModule,
  Public,
  runMigrations,
  Roles,
  type BaseServiceConfig,
  type TestApp,
} from '../src';
import { idempotencySecrets, openAnswer } from '../src/idempotency/idempotency.seal';

class CreateOrders1763000000001 implements MigrationInterface {
  readonly name = 'CreateOrders1763000000001';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE orders (id serial PRIMARY KEY, item text NOT NULL, quantity int NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE orders');
  }
}

class OrderDto {
  @IsString() item!: string;
  @IsInt() @Min(1) quantity!: number;
}

@Controller('api/v1/orders')
class OrderController {
  constructor(private readonly dataSource: DataSource) {}

  /** Slow on purpose, so that concurrent repeats arrive while the first is still running. */
  @Public()
  @Post()
  async create(@Body() body: OrderDto) {
    await new Promise((r) => setTimeout(r, 150));
    if (body.item === 'explode') throw new Error('the warehouse is on fire');
    const [row] = (await this.dataSource.query('INSERT INTO orders (item, quantity) VALUES ($1, $2) RETURNING id', [body.item, body.quantity])) as {
      id: number;
    }[];
    return { id: row?.id, item: body.item };
  }

  @Roles('operator')
  @Post('by-operator')
  async byOperator(@Body() body: OrderDto) {
    const [row] = (await this.dataSource.query('INSERT INTO orders (item, quantity) VALUES ($1, $2) RETURNING id', [body.item, body.quantity])) as {
      id: number;
    }[];
    return { id: row?.id };
  }

  /** An answer holding a secret, like a start's resume code or a new API key's secret. */
  @Roles('operator')
  @Post('with-secret')
  withSecret(@Body() body: { secret: string }) {
    return { id: 'order-with-secret', secret: body.secret, nested: [{ note: `echo ${body.secret}` }] };
  }
}

@Module({})
class ShopModule {
  static forRoot(config: BaseServiceConfig): DynamicModule {
    return {
      module: ShopModule,
      imports: [
        CoreModule.forRoot(config),
        DatabaseModule.forRoot({
          url: config.DATABASE_URL,
          schema: 'shop',
          migrations: [createIdempotencyMigration(), CreateOrders1763000000001, createIdempotencyDaysMigration(), createIdempotencySealedMigration()],
          migrate: true,
        }),
        AuthModule.forRoot(config),
        IdempotencyModule.forRoot(),
      ],
      controllers: [OrderController],
    };
  }
}

describe('Idempotency-Key', () => {
  let t: TestApp;
  /** An operator of org-a: replays are for callers the service can tell apart (anonymous ones get none). */
  let op = '';
  const post = (path = '/api/v1/orders') => t.http.post(path).set('authorization', `Bearer ${op}`);
  /** The row's key in the store: a hash of the key in its scope, never the key. */
  const lookup = (scope: string, key: string) => idempotencySecrets(scope, key).lookup;
  const storeRows = async () => ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM shop.idempotency_key')) as { n: number }[])[0]?.n;
  const orders = async () => ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM orders')) as { n: number }[])[0]?.n;

  beforeAll(async () => {
    t = await createTestApp((config) => ShopModule.forRoot(config));
    op = await t.tokens.operator('org-a');
  });
  afterAll(() => t?.close());

  it('runs 20 concurrent POSTs with one key once, and answers all of them alike', async () => {
    const before = await orders();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post().set('idempotency-key', 'order-key-000000001').send({ item: 'coperte', quantity: 3 })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await orders()).toBe((before ?? 0) + 1);
  });

  it('refuses the same key with another body, and a malformed key, naming the header', async () => {
    await post().set('idempotency-key', 'order-key-000000002').send({ item: 'sacchi a pelo', quantity: 1 }).expect(201);
    const reused = await post().set('idempotency-key', 'order-key-000000002').send({ item: 'sacchi a pelo', quantity: 2 }).expect(422);
    expect(reused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ field: 'Idempotency-Key' }] });
    const bad = await post().set('idempotency-key', 'no way!').send({ item: 'x', quantity: 1 }).expect(400);
    expect(bad.body.error.details[0].field).toBe('Idempotency-Key');
  });

  it('does not remember failures: a retry after an error or a refused body runs again', async () => {
    await post().set('idempotency-key', 'order-key-000000003').send({ item: 'explode', quantity: 1 }).expect(500);
    await post().set('idempotency-key', 'order-key-000000004').send({ item: 'x', quantity: 0 }).expect(400);
    const before = await orders();
    await post().set('idempotency-key', 'order-key-000000004').send({ item: 'x', quantity: 0 }).expect(400);
    await post().set('idempotency-key', 'order-key-000000005').send({ item: 'ok', quantity: 1 }).expect(201);
    expect(await orders()).toBe((before ?? 0) + 1);
  });

  it('keeps organisations apart and stores no person', async () => {
    const a = await t.tokens.operator('org-a');
    const b = await t.tokens.operator('org-b');
    const first = await t.http
      .post('/api/v1/orders/by-operator')
      .set('authorization', `Bearer ${a}`)
      .set('idempotency-key', 'shared-key-000000001')
      .send({ item: 'x', quantity: 1 })
      .expect(201);
    const other = await t.http
      .post('/api/v1/orders/by-operator')
      .set('authorization', `Bearer ${b}`)
      .set('idempotency-key', 'shared-key-000000001')
      .send({ item: 'x', quantity: 1 })
      .expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    const rows = (await t.app
      .get(DataSource)
      .query(`SELECT scope FROM shop.idempotency_key WHERE key_hash IN ($1, $2) ORDER BY scope`, [
        lookup('org:org-a', 'shared-key-000000001'),
        lookup('org:org-b', 'shared-key-000000001'),
      ])) as {
      scope: string;
    }[];
    expect(rows.map((r) => r.scope)).toEqual(['org:org-a', 'org:org-b']);
    expect(JSON.stringify(rows)).not.toContain('test-operator');
  });

  it('runs a request again when the first holder of the key died before finishing', async () => {
    const ds = t.app.get(DataSource);
    // What a process killed mid-request leaves: a claimed key with no answer, long ago.
    await ds.query(
      `INSERT INTO shop.idempotency_key (scope, key_hash, fingerprint, started_at) VALUES ('org:org-a', $1, '\\x00', now() - interval '5 minutes')`,
      [lookup('org:org-a', 'order-key-000000006')],
    );
    const res = await post().set('idempotency-key', 'order-key-000000006').send({ item: 'dopo il crash', quantity: 1 }).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps only the day beside a remembered answer, no instant', async () => {
    const ds = t.app.get(DataSource);
    await post().set('idempotency-key', 'order-key-000000007').send({ item: 'giorno', quantity: 1 }).expect(201);
    const [row] = (await ds.query(
      `SELECT to_char(created_on, 'YYYY-MM-DD') AS day, started_at, sealed_response IS NOT NULL AS answered FROM shop.idempotency_key WHERE key_hash = $1`,
      [lookup('org:org-a', 'order-key-000000007')],
    )) as {
      day: string;
      started_at: Date | null;
      answered: boolean;
    }[];
    expect(row).toEqual({ day: romeDate(new Date()), started_at: null, answered: true });
    const stamps = (await ds.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'idempotency_key' AND data_type LIKE 'timestamp%'`,
    )) as { column_name: string }[];
    expect(stamps.map((c) => c.column_name)).toEqual(['started_at']);
  });

  it('remembers nothing for anonymous callers: a second person with the same key and body gets a screening of their own', async () => {
    const rowsBefore = await storeRows();
    const send = () => t.http.post('/api/v1/orders').set('idempotency-key', 'anon-key-0000000001').send({ item: 'anonimo', quantity: 1 });
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    expect(await storeRows()).toBe(rowsBefore);
    // The key is still checked, so a client learns of a malformed one.
    const bad = await t.http.post('/api/v1/orders').set('idempotency-key', 'no way!').send({ item: 'x', quantity: 1 }).expect(400);
    expect(bad.body.error.details[0].field).toBe('Idempotency-Key');
  });
  describe('what the store keeps (decision 0015)', () => {
    const marker = `MARKER-${randomUUID()}`;
    const key = `sealed-${randomUUID()}`;
    const send = () => t.http.post('/api/v1/orders/with-secret').set('authorization', `Bearer ${op}`).set('idempotency-key', key).send({ secret: marker });
    let first: { status: number; text: string; body: unknown; headers: Record<string, string> };

    beforeAll(async () => {
      first = await send();
    });

    it('holds no part of an answer, nor of the request, nor the key, in clear: a marker is in no column', async () => {
      expect(first.status).toBe(201);
      expect(first.text).toContain(marker);
      const rows = (await t.app.get(DataSource).query('SELECT * FROM shop.idempotency_key')) as Record<string, unknown>[];
      const found: string[] = [];
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          // bytea as its bytes, anything else (text, jsonb, dates) as its text
          const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value) ?? '', 'utf8');
          if (bytes.includes(marker)) found.push(`the marker in ${column}`);
          if (bytes.includes(key)) found.push(`the key in ${column}`);
        }
      }
      expect(rows.length).toBeGreaterThan(0);
      expect(found).toEqual([]);
      const columns = (await t.app
        .get(DataSource)
        .query(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'idempotency_key' ORDER BY column_name`,
        )) as { column_name: string; data_type: string }[];
      expect(columns).toEqual([
        { column_name: 'created_on', data_type: 'date' },
        { column_name: 'fingerprint', data_type: 'bytea' },
        { column_name: 'key_hash', data_type: 'bytea' },
        { column_name: 'scope', data_type: 'text' },
        { column_name: 'sealed_response', data_type: 'bytea' },
        { column_name: 'started_at', data_type: 'timestamp with time zone' },
      ]);
    });

    it('still replays the exact answer to the key', async () => {
      const again = await send().expect(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.text).toBe(first.text);
      expect(again.body).toEqual({ id: 'order-with-secret', secret: marker, nested: [{ note: `echo ${marker}` }] });
    });

    it('opens a remembered answer only with the key it was sealed with, in its scope', async () => {
      const [row] = (await t.app
        .get(DataSource)
        .query('SELECT sealed_response FROM shop.idempotency_key WHERE scope = $1 AND key_hash = $2', ['org:org-a', lookup('org:org-a', key)])) as {
        sealed_response: Buffer;
      }[];
      expect(row?.sealed_response).toBeInstanceOf(Buffer);
      const sealed = row?.sealed_response as Buffer;
      expect(JSON.parse(openAnswer(idempotencySecrets('org:org-a', key), sealed))).toEqual({ body: first.body });
      const wrong = [
        idempotencySecrets('org:org-a', `${key.slice(0, -1)}${key.endsWith('0') ? '1' : '0'}`),
        idempotencySecrets('org:org-b', key),
        idempotencySecrets('org:org-a', 'sealed-00000000-0000-0000-0000-000000000000'),
      ];
      for (const secrets of wrong) expect(() => openAnswer(secrets, sealed)).toThrow();
      // A changed byte does not open either.
      const changed = Buffer.from(sealed);
      changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 1;
      expect(() => openAnswer(idempotencySecrets('org:org-a', key), changed)).toThrow();
    });

    it('refuses a key too short to seal with, naming the header', async () => {
      const res = await post().set('idempotency-key', 'short-key-00001').send({ item: 'x', quantity: 1 }).expect(400);
      expect(res.body.error.details).toEqual([{ field: 'Idempotency-Key', issue: expect.stringContaining('16 to 128') }]);
      await post().set('idempotency-key', 'long-enough-0001').send({ item: 'x', quantity: 1 }).expect(201);
    });
  });
});

describe('the migration that seals the idempotency store', () => {
  it('deletes the rows kept in clear, and its down migration restores the former columns', async () => {
    const db = await createTestDatabase('idem_sealed');
    const before = [createIdempotencyMigration(), createIdempotencyDaysMigration()];
    const columns = async (ds: DataSource) =>
      (
        (await ds.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'shop' AND table_name = 'idempotency_key' ORDER BY 1`)) as {
          column_name: string;
        }[]
      ).map((c) => c.column_name);
    let ds = new DataSource(buildDataSourceOptions({ url: db.url, schema: 'shop', migrations: before }));
    try {
      await ds.initialize();
      await runMigrations(ds);
      await ds.query(
        `INSERT INTO shop.idempotency_key (scope, key, fingerprint, response) VALUES ('org:org-a', 'old-key-000000001', '\\x00', '{"body":{"resumeCode":"ABCD-EFGH"}}')`,
      );
      await ds.destroy();
      ds = new DataSource(buildDataSourceOptions({ url: db.url, schema: 'shop', migrations: [...before, createIdempotencySealedMigration()] }));
      await ds.initialize();
      expect((await runMigrations(ds)).map((m) => m.name)).toEqual(['IdempotencySealed1765200000000']);
      expect(await ds.query('SELECT * FROM shop.idempotency_key')).toEqual([]);
      expect(await columns(ds)).toEqual(['created_on', 'fingerprint', 'key_hash', 'scope', 'sealed_response', 'started_at']);
      await ds.undoLastMigration({ transaction: 'each' });
      expect(await columns(ds)).toEqual(['created_on', 'fingerprint', 'key', 'response', 'scope', 'started_at']);
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await db.drop();
    }
  });
});
