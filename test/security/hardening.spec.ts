/**
 * Security #12 (hardening), the parts handled in libs/shared, through the gateway in front of the
 * three real services:
 *
 * 5. An idempotent replay never hands one person another person's screening: two anonymous callers
 *    sending the same Idempotency-Key and body each get a screening of their own (decision 0013).
 * 6. A NUL character (PostgreSQL refuses it in text) in any input is a 400 naming the field, never a
 *    500: request bodies, route parameters, query strings, GraphQL variables and inline arguments.
 *
 * Item 1 (no exact instants in the queue store) is checked by personal-data.spec.ts (Redis) and
 * queue-store-instants.spec.ts (PostgreSQL).
 */
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { auth, isStandardError, startSecurityStack, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

const NUL = '\u0000';
const EVENT_DAY = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);

type GraphQLAnswer = { data?: unknown; errors?: { message: string; extensions?: { code?: string; details?: { field: string }[] } }[] };

describe('hardening (issue 12): idempotent replays and NUL characters', () => {
  let stack: SecurityStack;
  let gw: RunningGateway;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startSecurityStack();
    // One proxy hop trusted, so that the two anonymous callers below come from two addresses.
    gw = await startGateway(stack, { TRUST_PROXY_HOPS: '1' });
    tok.central = await stack.tokens.forRole('central', { sub: 'central-sec12', territories: ['IT'] });
    tok.territorial = await stack.tokens.territorial(['12']);
    tok.partnerAdmin = await stack.tokens.partnerAdmin('caritas-roma');
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  describe('5. idempotent replay', () => {
    it('never gives a second anonymous caller the screening of the first, even with the same key and body', async () => {
      const key = 'self-assessment-start-0001';
      const body = { mode: 'self', language: 'it', territory: '058091' };
      const first = await gw.http.post('/api/v1/screenings').set('x-forwarded-for', '203.0.113.10').set('idempotency-key', key).send(body).expect(201);
      const second = await gw.http.post('/api/v1/screenings').set('x-forwarded-for', '203.0.113.20').set('idempotency-key', key).send(body).expect(201);
      expect(first.body.id).toEqual(expect.any(String));
      expect(second.headers['idempotent-replayed']).toBeUndefined();
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.body.resumeCode).not.toBe(first.body.resumeCode);
      expect(second.text).not.toContain(first.body.id);
      expect(second.text).not.toContain(first.body.resumeCode);
    });
  });

  describe('6. NUL characters', () => {
    /** What a refusal looked like; a good one is { status: 400, fields: [field], named: true, standard: true }. */
    const refusal = (res: { status: number; body: unknown; text: string }, what: string) => {
      const error = (res.body as { error?: { developerMessage?: string; details?: { field: string }[] } }).error;
      const fields = error?.details?.map((d) => d.field);
      return {
        what,
        status: res.status,
        fields,
        named: fields !== undefined && fields.every((f) => error?.developerMessage?.includes(f) === true),
        standard: isStandardError(res.body) && !res.text.includes('\\u0000'),
      };
    };
    const good = (what: string, field: string) => ({ what, status: 400, fields: [field], named: true, standard: true });

    it('in a REST body: screening ruleSet, agreement title, venue name, table name, referent name, API-key label', async () => {
      const probes: { what: string; path: string; token?: string; body: Record<string, unknown>; field: string }[] = [
        { what: 'screening ruleSet', path: '/api/v1/screenings', body: { mode: 'self', language: 'it', ruleSet: `it-2026${NUL}` }, field: 'ruleSet' },
        {
          what: 'agreement title',
          path: '/api/v1/agreements',
          token: tok.central,
          body: {
            code: 'SEC12-NUL',
            kind: 'FRAMEWORK',
            title: `Accordo${NUL}quadro`,
            parties: [
              { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['sportelli'] },
              { inpsUnitId: 'dg', role: 'signatory', commitments: ['formazione'] },
            ],
            scope: ['IT'],
            term: { years: 3 },
            flags: { itChanges: false, dataExchange: false, costs: false },
          },
          field: 'title',
        },
        {
          what: 'venue name',
          path: '/api/v1/outreach-events',
          token: tok.territorial,
          body: {
            agreementId: '00000000-0000-4000-8000-00000000beef',
            organisationId: 'caritas-roma',
            territoryCode: '058091',
            venueType: 'SOUP_KITCHEN',
            venueName: `Mensa${NUL}`,
            address: 'Via Roma 1',
            title: 'Giornata',
            startsAt: `${EVENT_DAY}T09:00:00Z`,
            endsAt: `${EVENT_DAY}T12:00:00Z`,
          },
          field: 'venueName',
        },
        {
          what: 'technical table name',
          path: '/api/v1/technical-tables',
          token: tok.territorial,
          body: { name: `Tavolo${NUL}`, level: 'LOCAL', territoryCode: '058091' },
          field: 'name',
        },
        {
          what: 'referent name',
          path: '/api/v1/inps-units/dr-lazio/referents',
          token: tok.central,
          body: { role: 'PROGRAMME', personId: 'p-sec12', fullName: `Refe${NUL}rente`, email: 'ref@example.org', primary: false, validFrom: '2026-01-01' },
          field: 'fullName',
        },
        {
          what: 'API-key label',
          path: '/api/v1/organisations/caritas-roma/api-keys',
          token: tok.partnerAdmin,
          body: { label: `chiave${NUL}` },
          field: 'label',
        },
        {
          what: 'nested string',
          path: '/api/v1/agreements',
          token: tok.central,
          body: {
            code: 'SEC12-NUL2',
            kind: 'FRAMEWORK',
            title: 'T',
            parties: [{ organisationId: 'caritas-italiana', role: 'signatory', commitments: [`x${NUL}`] }],
          },
          field: 'parties.0.commitments.0',
        },
      ];
      const seen: ReturnType<typeof refusal>[] = [];
      for (const p of probes) {
        let req = gw.http.post(p.path).set('content-type', 'application/json');
        if (p.token) req = req.set(auth(p.token));
        seen.push(refusal(await req.send(JSON.stringify(p.body)), p.what));
      }
      expect(seen).toEqual(probes.map((p) => good(p.what, p.field)));
    });

    it('in a route parameter and a query parameter', async () => {
      const seen = [
        refusal(await gw.http.get('/api/v1/rulesets/it-2026%00'), 'rule-set id in the path'),
        refusal(await gw.http.get('/api/v1/territories?q=Roma%00').set(auth(tok.central)), 'territory search'),
        refusal(await gw.http.get('/api/v1/agreements?organisation=%00').set(auth(tok.central)), 'agreement filter'),
      ];
      expect(seen).toEqual([good('rule-set id in the path', 'id'), good('territory search', 'q'), good('agreement filter', 'organisation')]);
    });

    it('in GraphQL variables and inline arguments, answered as a GraphQL error naming the argument', async () => {
      const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
        let req = gw.http.post('/graphql').set('content-type', 'application/json');
        if (token) req = req.set(auth(token));
        const res = await req.send(JSON.stringify({ query, variables }));
        expect(res.status).toBeLessThan(500);
        return res.body as GraphQLAnswer;
      };
      const probes: [string, GraphQLAnswer, string][] = [
        ['ruleSet(id) variable', await gql('query($id: ID!) { ruleSet(id: $id) { id } }', { id: `it-2026${NUL}` }), 'id'],
        ['ruleSet(id) inline', await gql('{ ruleSet(id: "it-2026\\u0000") { id } }'), 'id'],
        [
          'screeningByResumeCode variable',
          await gql('query($c: String!) { screeningByResumeCode(resumeCode: $c) { id } }', { c: `ABCD${NUL}EFG` }),
          'resumeCode',
        ],
        [
          'planOutreachEvent venueName',
          await gql(
            'mutation($input: CreateOutreachEventInput!) { planOutreachEvent(input: $input) { id } }',
            {
              input: {
                agreementId: '00000000-0000-4000-8000-00000000beef',
                organisationId: 'caritas-roma',
                territoryCode: '058091',
                venueType: 'SOUP_KITCHEN',
                venueName: `Mensa${NUL}`,
                address: 'Via Roma 1',
                title: 'Giornata',
                startsAt: `${EVENT_DAY}T09:00:00Z`,
                endsAt: `${EVENT_DAY}T12:00:00Z`,
              },
            },
            tok.territorial,
          ),
          'input.venueName',
        ],
        [
          'agreements filter',
          await gql('query($o: String) { agreements(organisation: $o) { items { id } } }', { o: `caritas${NUL}` }, tok.central),
          'organisation',
        ],
      ];
      const seen = probes.map(([what, answer]) => {
        const error = answer.errors?.[0];
        return { what, code: error?.extensions?.code, fields: error?.extensions?.details?.map((d) => d.field) };
      });
      expect(seen).toEqual(probes.map(([what, , field]) => ({ what, code: 'VALIDATION_FAILED', fields: [field] })));
    });
  });
});
