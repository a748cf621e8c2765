import { romeDate } from '@inps/kernel';
import { Body, Controller, Module, Post, type DynamicModule } from '@nestjs/common';
import { IsInt, IsString, Min } from 'class-validator';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import {
  AuthModule,
  CoreModule,
  createIdempotencyDaysMigration,
  createIdempotencyMigration,
  createTestApp,
  DatabaseModule,
  IdempotencyModule,
  Public,
  Roles,
  type BaseServiceConfig,
  type TestApp,
} from '../src';

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
          migrations: [createIdempotencyMigration(), CreateOrders1763000000001, createIdempotencyDaysMigration()],
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
  const orders = async () => ((await t.app.get(DataSource).query('SELECT count(*)::int AS n FROM orders')) as { n: number }[])[0]?.n;

  beforeAll(async () => {
    t = await createTestApp((config) => ShopModule.forRoot(config));
    op = await t.tokens.operator('org-a');
  });
  afterAll(() => t?.close());

  it('runs 20 concurrent POSTs with one key once, and answers all of them alike', async () => {
    const before = await orders();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post().set('idempotency-key', 'order-key-0001').send({ item: 'coperte', quantity: 3 })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.filter((a) => a.headers['idempotent-replayed'] === 'true')).toHaveLength(19);
    expect(await orders()).toBe((before ?? 0) + 1);
  });

  it('refuses the same key with another body, and a malformed key, naming the header', async () => {
    await post().set('idempotency-key', 'order-key-0002').send({ item: 'sacchi a pelo', quantity: 1 }).expect(201);
    const reused = await post().set('idempotency-key', 'order-key-0002').send({ item: 'sacchi a pelo', quantity: 2 }).expect(422);
    expect(reused.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', details: [{ field: 'Idempotency-Key' }] });
    const bad = await post().set('idempotency-key', 'no way!').send({ item: 'x', quantity: 1 }).expect(400);
    expect(bad.body.error.details[0].field).toBe('Idempotency-Key');
  });

  it('does not remember failures: a retry after an error or a refused body runs again', async () => {
    await post().set('idempotency-key', 'order-key-0003').send({ item: 'explode', quantity: 1 }).expect(500);
    await post().set('idempotency-key', 'order-key-0004').send({ item: 'x', quantity: 0 }).expect(400);
    const before = await orders();
    await post().set('idempotency-key', 'order-key-0004').send({ item: 'x', quantity: 0 }).expect(400);
    await post().set('idempotency-key', 'order-key-0005').send({ item: 'ok', quantity: 1 }).expect(201);
    expect(await orders()).toBe((before ?? 0) + 1);
  });

  it('keeps organisations apart and stores no person', async () => {
    const a = await t.tokens.operator('org-a');
    const b = await t.tokens.operator('org-b');
    const first = await t.http
      .post('/api/v1/orders/by-operator')
      .set('authorization', `Bearer ${a}`)
      .set('idempotency-key', 'shared-key-01')
      .send({ item: 'x', quantity: 1 })
      .expect(201);
    const other = await t.http
      .post('/api/v1/orders/by-operator')
      .set('authorization', `Bearer ${b}`)
      .set('idempotency-key', 'shared-key-01')
      .send({ item: 'x', quantity: 1 })
      .expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    const rows = (await t.app.get(DataSource).query(`SELECT scope FROM shop.idempotency_key WHERE key = 'shared-key-01' ORDER BY scope`)) as {
      scope: string;
    }[];
    expect(rows.map((r) => r.scope)).toEqual(['org:org-a', 'org:org-b']);
    expect(JSON.stringify(rows)).not.toContain('test-operator');
  });

  it('runs a request again when the first holder of the key died before finishing', async () => {
    const ds = t.app.get(DataSource);
    // What a process killed mid-request leaves: a claimed key with no answer, long ago.
    await ds.query(
      `INSERT INTO shop.idempotency_key (scope, key, fingerprint, started_at) VALUES ('org:org-a', 'order-key-0006', '\\x00', now() - interval '5 minutes')`,
    );
    const res = await post().set('idempotency-key', 'order-key-0006').send({ item: 'dopo il crash', quantity: 1 }).expect(201);
    expect(res.headers['idempotent-replayed']).toBeUndefined();
  });

  it('keeps only the day beside a remembered answer, no instant', async () => {
    const ds = t.app.get(DataSource);
    await post().set('idempotency-key', 'order-key-0007').send({ item: 'giorno', quantity: 1 }).expect(201);
    const [row] = (await ds.query(
      `SELECT to_char(created_on, 'YYYY-MM-DD') AS day, started_at, response IS NOT NULL AS answered FROM shop.idempotency_key WHERE key = 'order-key-0007'`,
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
    const ds = t.app.get(DataSource);
    const send = () => t.http.post('/api/v1/orders').set('idempotency-key', 'anon-key-0001').send({ item: 'anonimo', quantity: 1 });
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.headers['idempotent-replayed']).toBeUndefined();
    expect(second.body.id).not.toBe(first.body.id);
    const kept = (await ds.query(`SELECT count(*)::int AS n FROM shop.idempotency_key WHERE key = 'anon-key-0001'`)) as { n: number }[];
    expect(kept[0]?.n).toBe(0);
    // The key is still checked, so a client learns of a malformed one.
    const bad = await t.http.post('/api/v1/orders').set('idempotency-key', 'no way!').send({ item: 'x', quantity: 1 }).expect(400);
    expect(bad.body.error.details[0].field).toBe('Idempotency-Key');
  });
});
