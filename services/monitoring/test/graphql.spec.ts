import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { monitoringConfig } from '../src/monitoring.config';
import { MONITORING_DATABASE } from '../src/migrations';
import { AgreementsRegistryService } from '../src/modules/agreements-registry/agreements-registry.service';
import { parseAgreementEvent } from '../src/modules/events/event-contracts';
import { agreementEvent, fakeTerritories, screeningEvent, seedScreenings } from './helpers';

describe('GraphQL subgraph', () => {
  let t: TestApp<typeof monitoringConfig.fields>;
  const gql = async (token: string, query: string, variables?: Record<string, unknown>) =>
    t.http
      .post('/graphql')
      .set({ authorization: `Bearer ${token}` })
      .send({ query, variables });

  beforeAll(async () => {
    t = await createTestApp((config) => AppModule.forRoot(config, { clock: new FixedClock('2026-07-10T10:00:00Z'), territories: fakeTerritories }), {
      config: monitoringConfig,
      database: MONITORING_DATABASE,
      env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('mon-gql') },
    });
    await seedScreenings(
      t.app,
      Array.from({ length: 6 }, () => screeningEvent({ territory: '058091' })),
    );
    const e = agreementEvent('agreement.activated');
    await t.app
      .get(DataSource)
      .transaction((m) => new AgreementsRegistryService().apply(m, 'agreement.activated', parseAgreementEvent('agreement.activated', e.payload)));
    const admin = await t.tokens.partnerAdmin('org-a');
    const body = {
      datasetVersion: '2026.1',
      values: {
        peopleContacted: { total: 10 },
        peopleTakenInCharge: { total: 5 },
        needsFound: { total: 0 },
        helpGiven: { total: 0 },
        applicationsFiled: { total: 0 },
      },
    };
    const saved = await t.http
      .put('/api/v1/returns/org-a/058091/2026S1')
      .set({ authorization: `Bearer ${admin}` })
      .send(body);
    expect(saved.status).toBe(200);
  });
  afterAll(() => t.close());

  it('publishes a federation 2 schema extending Organisation and Territory by their keys', async () => {
    const res = await gql(await t.tokens.central(), '{ _service { sdl } }');
    const sdl = res.body.data._service.sdl as string;
    expect(sdl).toContain('https://specs.apollo.dev/federation/v2.9');
    expect(sdl).toMatch(/type Organisation\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type Territory\s+@key\(fields: "istatCode"\)/);
  });

  it("resolves a territory's indicators and returns, and an organisation's returns, with the REST access rules", async () => {
    const query = `{ _entities(representations: [{ __typename: "Territory", istatCode: "12" }, { __typename: "Organisation", id: "org-a" }]) {
      ... on Territory { istatCode indicators(semester: "2026S1") { scopeLevel partnerView indicators { id value { value suppressed } } } returns { organisationId status } }
      ... on Organisation { id returns(semester: "2026S1") { territory status } } } }`;
    const res = await gql(await t.tokens.territorial(['12']), query);
    expect(res.body.errors).toBeUndefined();
    const [territory, organisation] = res.body.data._entities;
    expect(territory.indicators.scopeLevel).toBe('REGION');
    expect(territory.indicators.indicators.find((i: { id: string }) => i.id === 'screening.completed').value).toEqual({ value: 6, suppressed: false });
    expect(territory.returns).toEqual([]); // filed for the comune 058091, not for the region itself
    expect(organisation.returns).toEqual([{ territory: '058091', status: 'DRAFT' }]);

    const other = await gql(
      await t.tokens.partnerAdmin('org-b'),
      '{ _entities(representations: [{ __typename: "Organisation", id: "org-a" }]) { ... on Organisation { returns { status } } } }',
    );
    expect(other.body.data._entities[0].returns).toEqual([]);
    const outside = await gql(await t.tokens.territorial(['03']), '{ indicators(semester: "2026S1", territory: "12") { scopeLevel } }');
    expect(outside.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await gql(await t.tokens.central(), '{ indicators(semester: "2026-1") { scopeLevel } }');
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('validates arguments and list filters with the REST classes: a GraphQL error with the code and the field', async () => {
    const central = await t.tokens.central();
    const auth = { authorization: `Bearer ${central}` };
    const cases: { query: string; rest: string; field: string; issue: string }[] = [
      {
        query: '{ indicators(semester: "2026-1") { scopeLevel } }',
        rest: '/api/v1/indicators?semester=2026-1',
        field: 'semester',
        issue: 'must be a semester like 2026S1',
      },
      {
        query: '{ indicators(semester: "1990S1") { scopeLevel } }',
        rest: '/api/v1/indicators?semester=1990S1',
        field: 'semester',
        issue: 'must be a semester from 2019S1 to 2100S2',
      },
      {
        query: '{ indicators(semester: "2026S1", territory: "Lazio") { scopeLevel } }',
        rest: '/api/v1/indicators?semester=2026S1&territory=Lazio',
        field: 'territory',
        issue: 'must be an ISTAT code (region, province or comune) or IT',
      },
      {
        query:
          '{ _entities(representations: [{ __typename: "Territory", istatCode: "12" }]) { ... on Territory { indicators(semester: "2026s1") { scopeLevel } } } }',
        rest: '/api/v1/indicators?semester=2026s1&territory=12',
        field: 'semester',
        issue: 'must be a semester like 2026S1',
      },
      {
        query: '{ _entities(representations: [{ __typename: "Territory", istatCode: "12" }]) { ... on Territory { returns(semester: "S1") { status } } } }',
        rest: '/api/v1/returns?semester=S1',
        field: 'semester',
        issue: 'must be a semester like 2026S1',
      },
      {
        query:
          '{ _entities(representations: [{ __typename: "Organisation", id: "org-a" }]) { ... on Organisation { returns(semester: "2026S3") { status } } } }',
        rest: '/api/v1/returns?semester=2026S3',
        field: 'semester',
        issue: 'must be a semester like 2026S1',
      },
    ];
    for (const c of cases) {
      const rest = await t.http.get(c.rest).set(auth);
      expect(rest.status).toBe(400);
      expect(rest.body.error.details).toEqual([{ field: c.field, issue: c.issue }]);
      const res = await gql(central, c.query);
      expect(res.status).toBe(200);
      expect(res.body.errors).toHaveLength(1);
      const [error] = res.body.errors;
      expect(error.extensions).toEqual({
        code: 'VALIDATION_FAILED',
        status: 400,
        language: 'it',
        reviewed: true,
        developerMessage: 'The request is not valid',
        details: [{ field: c.field, issue: c.issue }],
      });
      expect(error.message).toBe(`Alcuni dati inviati non sono validi: controlli i campi indicati e riprovi. (${c.field})`);
    }
  });

  it('takes the same well-formed arguments as REST and gives the same figures', async () => {
    const central = await t.tokens.central();
    const rest = await t.http.get('/api/v1/indicators?semester=2026S1&territory=12').set({ authorization: `Bearer ${central}` });
    const res = await gql(central, '{ indicators(semester: "2026S1", territory: "12") { semester scopeCode indicators { id value { value } } } }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.indicators.scopeCode).toBe('12');
    const completed = (rest.body.indicators as { indicatorId: string; value: number }[]).find((i) => i.indicatorId === 'screening.completed');
    expect(res.body.data.indicators.indicators.find((i: { id: string }) => i.id === 'screening.completed').value.value).toBe(completed?.value);
  });

  /** Counts the SQL statements that read partner returns while `run` goes. */
  async function returnQueries(run: () => Promise<unknown>): Promise<number> {
    const ds = t.app.get(DataSource);
    const create = ds.createQueryRunner.bind(ds);
    let count = 0;
    const spy = jest.spyOn(ds, 'createQueryRunner').mockImplementation((mode) => {
      const runner = create(mode);
      const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
      runner.query = ((sql: string, ...rest: unknown[]) => {
        if (/"partner_return"/.test(sql)) count += 1;
        return query(sql, ...rest);
      }) as typeof runner.query;
      return runner;
    });
    try {
      await run();
    } finally {
      spy.mockRestore();
    }
    return count;
  }

  it("reads the returns of all the organisations of an _entities request with one query, each organisation's scope kept", async () => {
    // As the gateway sends it: the representations in a variable.
    const query =
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { id returns(semester: "2026S1") { organisationId territory status } } } }';
    const r = ['org-a', 'org-x', 'org-y', 'org-z', 'org-b'].map((id) => ({ __typename: 'Organisation', id }));
    const central = await t.tokens.central();
    let res: Awaited<ReturnType<typeof gql>> | undefined;
    expect(await returnQueries(async () => (res = await gql(central, query, { r })))).toBe(1);
    expect(res?.body.errors).toBeUndefined();
    expect(res?.body.data._entities).toEqual([
      { id: 'org-a', returns: [{ organisationId: 'org-a', territory: '058091', status: 'DRAFT' }] },
      { id: 'org-x', returns: [] },
      { id: 'org-y', returns: [] },
      { id: 'org-z', returns: [] },
      { id: 'org-b', returns: [] },
    ]);

    const partner = await gql(await t.tokens.partnerAdmin('org-b'), query, { r });
    expect(partner.body.data._entities.map((e: { returns: unknown[] }) => e.returns)).toEqual([[], [], [], [], []]);
    const outside = await gql(await t.tokens.territorial(['03']), query, { r });
    expect(outside.body.data._entities[0].returns).toEqual([]);
    const inside = await gql(await t.tokens.territorial(['12']), query, { r });
    expect(inside.body.data._entities[0].returns).toHaveLength(1);
  });

  it('lists the returns once for all the territories of an _entities request', async () => {
    const query = `{ _entities(representations: [{ __typename: "Territory", istatCode: "12" }, { __typename: "Territory", istatCode: "058091" }, { __typename: "Territory", istatCode: "03" }]) { ... on Territory { istatCode returns { organisationId } } } }`;
    const central = await t.tokens.central();
    let res: Awaited<ReturnType<typeof gql>> | undefined;
    expect(await returnQueries(async () => (res = await gql(central, query)))).toBe(1);
    expect(res?.body.data._entities).toEqual([
      { istatCode: '12', returns: [] },
      { istatCode: '058091', returns: [{ organisationId: 'org-a' }] },
      { istatCode: '03', returns: [] },
    ]);
  });
});
