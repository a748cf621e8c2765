import { FixedClock } from '@inps/shared';
import { bearer, startApp, type AgreementsTestApp } from './helpers';
import { signedFramework, territorialBody, tokensFor, type Tokens } from './fixtures';

type Detail = { field: string; issue: string };

/** GraphQL arguments go through the same classes and the same validation as the REST query strings. */
describe('GraphQL arguments validated as REST', () => {
  let t: AgreementsTestApp;
  let tk: Tokens;
  let frameworkId: string;
  let tableId: string;

  const gql = (query: string, variables: object = {}) =>
    t.http.post('/graphql').set('authorization', bearer(tk.central)).send({ query, variables }).expect(200);
  /** The one error of a query, which must be VALIDATION_FAILED. */
  const refused = async (query: string, variables: object = {}): Promise<Detail[]> => {
    const res = await gql(query, variables);
    expect(res.body.errors).toHaveLength(1);
    const [error] = res.body.errors as { message: string; extensions: { code: string; developerMessage: string; details: Detail[] } }[];
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    // The catalogue's words, then the fields refused, by name.
    expect(error.message).toMatch(/^Alcuni dati inviati non sono validi: controlli i campi indicati e riprovi\. \(.+\)$/);
    expect(error.message).toContain(error.extensions.details[0].field);
    expect(error.extensions.developerMessage).toBe('The request is not valid');
    return error.extensions.details;
  };
  const rest = async (path: string): Promise<Detail[]> => {
    const res = await t.http.get(path).set('authorization', bearer(tk.central)).expect(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    return res.body.error.details;
  };

  beforeAll(async () => {
    t = await startApp({ clock: new FixedClock('2026-03-02T09:00:00Z') });
    tk = await tokensFor(t);
    frameworkId = (await signedFramework(t, tk.central)).id;
    tableId = (await t.http.post('/api/v1/technical-tables').set('authorization', bearer(tk.central)).send({ name: 'Nazionale', level: 'CENTRAL' }).expect(201))
      .body.id;
  }, 60_000); // starts the app (and runs migrations) on a possibly busy machine
  afterAll(() => t.close());

  it('refuses a bad status filter with an error naming the field, as REST does (it used to be a silent empty list)', async () => {
    const details = await refused('{ agreements(status: "BOGUS") { total } }');
    expect(details).toEqual([{ field: 'status', issue: expect.stringMatching(/^status must be one of the following values: DRAFT, /) }]);
    expect(await rest('/api/v1/agreements?status=BOGUS')).toEqual(details);
    const valid = await gql('{ agreements(status: "SIGNED") { total items { id } } }');
    expect(valid.body.data.agreements).toEqual({ total: 1, items: [{ id: frameworkId }] });
  });

  it.each([
    ['agreements territory', '{ agreements(territory: "Roma") { total } }', '/api/v1/agreements?territory=Roma', 'territory'],
    ['agreements kind', '{ agreements(kind: "NATIONAL") { total } }', '/api/v1/agreements?kind=NATIONAL', 'kind'],
    ['agreements organisation', '{ agreements(organisation: "Caritas Roma") { total } }', '/api/v1/agreements?organisation=Caritas%20Roma', 'organisation'],
    ['agreements limit', '{ agreements(limit: 0) { total } }', '/api/v1/agreements?limit=0', 'limit'],
    ['agreements offset', '{ agreements(offset: -1) { total } }', '/api/v1/agreements?offset=-1', 'offset'],
    ['outreach events territory', '{ outreachEvents(territory: "Roma") { total } }', '/api/v1/outreach-events?territory=Roma', 'territory'],
    ['outreach events from', '{ outreachEvents(from: "yesterday") { total } }', '/api/v1/outreach-events?from=yesterday', 'from'],
    ['outreach events agreement', '{ outreachEvents(agreement: "42") { total } }', '/api/v1/outreach-events?agreement=42', 'agreement'],
    ['mobile-unit requests status', '{ mobileUnitRequests(status: "LOST") { total } }', '/api/v1/mobile-unit-requests?status=LOST', 'status'],
    ['technical tables level', '{ technicalTables(level: "REGIONAL") { total } }', '/api/v1/technical-tables?level=REGIONAL', 'level'],
    ['technical tables limit', '{ technicalTables(limit: 201) { total } }', '/api/v1/technical-tables?limit=201', 'limit'],
    ['territories level', '{ territories(level: "CITY") { total } }', '/api/v1/territories?level=CITY', 'level'],
    ['territories day', '{ territories(on: "2026-02-30") { total } }', '/api/v1/territories?on=2026-02-30', 'on'],
  ])('%s: the same field and issue on both sides', async (_name, query, path, field) => {
    const details = await refused(query);
    expect(details.map((d) => d.field)).toEqual([field]);
    expect(await rest(path)).toEqual(details);
  });

  it('checks the filters of a table’s meetings and issues, and the table id', async () => {
    const meetings = await refused(`query($t: ID!) { technicalTableMeetings(tableId: $t, status: "DONE") { id } }`, { t: tableId });
    expect(meetings).toEqual(await rest(`/api/v1/technical-tables/${tableId}/meetings?status=DONE`));
    expect(meetings.map((d) => d.field)).toEqual(['status']);
    const issues = await refused(`query($t: ID!) { technicalTableIssues(tableId: $t, status: "CLOSED") { id } }`, { t: tableId });
    expect(issues.map((d) => d.field)).toEqual(['status']);
    expect((await refused(`{ technicalTableIssues(tableId: "table-1") { id } }`)).map((d) => d.field)).toEqual(['tableId']);
    expect((await refused(`{ technicalTableMembers(tableId: "table-1") { id } }`)).map((d) => d.field)).toEqual(['tableId']);
    const fine = await gql(`query($t: ID!) { technicalTableMeetings(tableId: $t, status: "PLANNED") { id } technicalTableIssues(tableId: $t) { id } }`, {
      t: tableId,
    });
    expect(fine.body).toEqual({ data: { technicalTableMeetings: [], technicalTableIssues: [] } });
  });

  it('refuses a malformed id as REST does, instead of asking the database', async () => {
    const details = await refused('{ agreement(id: "not-a-uuid") { code } }');
    expect(details).toEqual([{ field: 'id', issue: 'must be a UUID' }]);
    expect(await rest('/api/v1/agreements/not-a-uuid')).toEqual(details);
    expect(await refused('{ agreementDocuments(agreementId: "x") { id } }')).toEqual([{ field: 'agreementId', issue: 'must be a UUID' }]);
  });

  it('validates a mutation’s input with the REST body’s rules (the GraphQL input used to skip some)', async () => {
    const body = territorialBody(frameworkId, 'TER-GQLVAL-01');
    const bad = { ...body, parties: [{ ...body.parties[0], commitments: [''] }, body.parties[1]], term: { years: 51 } };
    const details = await refused(`mutation($i: CreateAgreementInput!) { createAgreement(input: $i) { id } }`, { i: bad });
    expect(details.map((d) => d.field).sort()).toEqual(['parties.0.commitments', 'term.years']);
    const viaRest = await t.http.post('/api/v1/agreements').set('authorization', bearer(tk.central)).send(bad).expect(400);
    expect(viaRest.body.error.details).toEqual(details);
  });

  it('checks the day of a territory and still finds it by code', async () => {
    expect((await refused('{ territory(istatCode: "058091", on: "today") { name } }')).map((d) => d.field)).toEqual(['on']);
    expect((await gql('{ territory(istatCode: "058091", on: "2026-01-01") { name } }')).body.data.territory).toEqual({ name: 'Roma' });
  });
});
