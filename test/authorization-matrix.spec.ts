/**
 * Authorization matrix: every REST route of the three services (as the gateway's merged OpenAPI
 * document lists them) and every GraphQL root query and mutation of the supergraph, for every
 * principal, through the gateway, against real services started in-process.
 *
 * Each row says, per principal (columns: anonymous, operator, partner_admin, partner_app,
 * territorial, dg, central), whether the call passes the authorization gate:
 *   A allow  passes (on the own fixture and, where the route has one, on the other fixture too);
 *   D deny   refused: 401 for anonymous, 403 otherwise (404 where the row hides existence);
 *   O own    passes on its own organisation / territory (caritas-roma, Lazio '12'), refused
 *            (403 or 404: both accepted) on the other (caritas-torino, Piemonte '01').
 * "Passes" means no 401/403 (a 400/404/409/422 caused by a deliberately harmless body counts: stale
 * versions, completed screenings), except that a GET of an own resource must answer 200 and a
 * GraphQL query must answer data without errors. List rows also check that an 'own' principal's
 * answer does not contain the other fixture.
 *
 * Fixtures are made through the gateway by the roles that own them (authz/fixtures.ts); the monitoring
 * service, which no worker feeds in this stack, gets its agreements and screenings from
 * authz/monitoring-seed.ts so that follow-ups and returns exist on both sides.
 *
 * The expectations follow the access policy (issues), not merely the code. A cell where the service
 * contradicts the policy goes into KNOWN_GAPS below, with the policy result kept in the table.
 */
import { writeFileSync } from 'node:fs';
import { createFixtures, EVENT_DAY, LAST_SEMESTER, PDF, TODAY, agreementBody, eventBody, returnBody, type Fixtures, type Side } from './authz/fixtures';
import {
  A,
  cellKey,
  D,
  describeGql,
  describeRest,
  judgeGql,
  judgeRest,
  O,
  PRINCIPALS,
  sendGql,
  sendRest,
  type CellResult,
  type Expect,
  type GqlRequest,
  type GqlRow,
  type RestRequest,
  type RestRow,
  type Variant,
  type Who,
} from './authz/harness';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';

jest.setTimeout(300_000);

type F = Fixtures;
/** The same request on the own side and on the other side. */
const sides = <R>(fn: (s: Side, f: F, who: Who) => R) => ({ own: (f: F, w: Who) => fn(f.own, f, w), other: (f: F, w: Who) => fn(f.other, f, w) });
const STALE = 9999; // a version no fixture has: a transition past the gate answers 409, changing nothing

/* prettier-ignore */
// ------------------------------------------------------------------ REST
//                                                                        anon op  padm papp terr dg  central
const REST: RestRow<F>[] = [
  // questionnaire: screenings (public self-assessment; operator mode scoped to the organisation, hidden from others)
  { method: 'POST', path: '/api/v1/screenings/evaluate',                    x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/screenings/evaluate', body: { facts: { age: 70, citizenship: 'IT' }, language: 'en' } }) },
  { method: 'POST', path: '/api/v1/screenings', label: 'self',              x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/screenings', body: { mode: 'self', language: 'en' } }) },
  { method: 'POST', path: '/api/v1/screenings', label: 'operator',          x: [D, A, A, A, D, D, D], own: () => ({ path: '/api/v1/screenings', body: { mode: 'operator', territory: '058091' } }),
    anonRefusal: [401, 403], note: 'anonymous gets 403 (public route, operator mode refused by the service), accepted as a refusal' },
  { method: 'GET',  path: '/api/v1/screenings',                             x: [D, O, O, O, D, D, A], own: () => ({ path: '/api/v1/screenings?limit=200' }), otherMarker: (f) => f.other.screeningId, ownMarker: (f) => f.own.screeningId },
  { method: 'GET',  path: '/api/v1/screenings/{id}', label: 'self',         x: [A, A, A, A, A, A, A], own: (f) => ({ path: `/api/v1/screenings/${f.selfOpen.id}` }) },
  { method: 'GET',  path: '/api/v1/screenings/{id}', label: 'operator',     x: [D, O, O, O, D, D, A], hidden: true, ...sides((s) => ({ path: `/api/v1/screenings/${s.screeningId}` })) },
  // The sheet is read as the screening is (a 409 before the screening is completed is an answer, not a refusal).
  { method: 'GET',  path: '/api/v1/screenings/{id}/sheet', label: 'self',   x: [A, A, A, A, A, A, A], readOk: [200, 409], own: (f) => ({ path: `/api/v1/screenings/${f.selfDone.id}/sheet` }) },
  { method: 'GET',  path: '/api/v1/screenings/{id}/sheet', label: 'operator', x: [D, O, O, O, D, D, A], hidden: true, readOk: [200, 409], ...sides((s) => ({ path: `/api/v1/screenings/${s.screeningId}/sheet` })) },
  { method: 'POST', path: '/api/v1/screenings/evaluate/sheet',              x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/screenings/evaluate/sheet', body: { facts: { age: 70, citizenship: 'IT' }, language: 'en' } }) },
  { method: 'GET',  path: '/api/v1/screenings/by-code/{resumeCode}', label: 'self',     x: [A, A, A, A, A, A, A], own: (f) => ({ path: `/api/v1/screenings/by-code/${f.selfOpen.resumeCode}` }) },
  { method: 'GET',  path: '/api/v1/screenings/by-code/{resumeCode}', label: 'operator', x: [D, O, O, O, D, D, A], hidden: true, ...sides((s) => ({ path: `/api/v1/screenings/by-code/${s.resumeCode}` })) },
  { method: 'POST', path: '/api/v1/screenings/{id}/answers', label: 'self', x: [A, A, A, A, A, A, A], own: (f) => ({ path: `/api/v1/screenings/${f.selfOpen.id}/answers`, body: { questionId: 'q-not-asked', value: true } }) },
  { method: 'POST', path: '/api/v1/screenings/{id}/answers', label: 'operator', x: [D, O, O, O, D, D, D], hidden: true, ...sides((s) => ({ path: `/api/v1/screenings/${s.screeningId}/answers`, body: { questionId: 'q-not-asked', value: true } })) },
  { method: 'PUT',  path: '/api/v1/screenings/{id}/answers/{questionId}', label: 'self', x: [A, A, A, A, A, A, A], own: (f) => ({ path: `/api/v1/screenings/${f.selfDone.id}/answers/${f.selfDone.questionId}`, body: { value: true } }) },
  { method: 'PUT',  path: '/api/v1/screenings/{id}/answers/{questionId}', label: 'operator', x: [D, O, O, O, D, D, D], hidden: true, ...sides((s, f) => ({ path: `/api/v1/screenings/${s.screeningId}/answers/${f.ownAnsweredQuestion}`, body: { value: true } })) },
  { method: 'POST', path: '/api/v1/screenings/{id}/complete', label: 'self', x: [A, A, A, A, A, A, A], own: (f) => ({ path: `/api/v1/screenings/${f.selfDone.id}/complete` }) },
  { method: 'POST', path: '/api/v1/screenings/{id}/complete', label: 'operator', x: [D, O, O, O, D, D, D], hidden: true, ...sides((s) => ({ path: `/api/v1/screenings/${s.screeningId}/complete` })) },
  // questionnaire: rule sets (read: public; publish: central)
  { method: 'GET',  path: '/api/v1/rulesets',                               x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/rulesets' }) },
  { method: 'GET',  path: '/api/v1/rulesets/{id}',                          x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/rulesets/it-2026' }) },
  { method: 'POST', path: '/api/v1/rulesets',                               x: [D, D, D, D, D, D, A], own: () => ({ path: '/api/v1/rulesets', body: { definition: 'id: not-a-rule-set' } }) },

  // agreements: reference data (any authenticated user)
  { method: 'GET',  path: '/api/v1/territories',                            x: [D, A, A, A, A, A, A], own: () => ({ path: '/api/v1/territories', query: { q: 'Roma' } }) },
  { method: 'GET',  path: '/api/v1/territories/{code}',                     x: [D, A, A, A, A, A, A], own: () => ({ path: '/api/v1/territories/058091' }) },
  { method: 'GET',  path: '/api/v1/organisations',                          x: [D, A, A, A, A, A, A], own: () => ({ path: '/api/v1/organisations' }) },
  { method: 'GET',  path: '/api/v1/inps-units',                             x: [D, A, A, A, A, A, A], own: () => ({ path: '/api/v1/inps-units' }) },
  // agreements: where to go in a comune (public: unit names and announced events, for people without a token)
  { method: 'GET',  path: '/api/v1/where-to-go',                            x: [A, A, A, A, A, A, A], own: () => ({ path: '/api/v1/where-to-go', query: { comune: '058091' } }) },
  // agreements: central all, dg sees (evaluates flagged ones), territorial its territories, partner_admin/operator their organisation's (read only)
  { method: 'POST', path: '/api/v1/agreements',                             x: [D, D, D, D, O, D, A], ...sides((s, f) => ({ path: '/api/v1/agreements', body: agreementBody(s, f.frameworkId, f.seq('TER-MX')) })) },
  { method: 'GET',  path: '/api/v1/agreements',                             x: [D, O, O, D, O, A, A], own: () => ({ path: '/api/v1/agreements' }), otherMarker: (f) => f.other.agreementId, ownMarker: (f) => f.own.agreementId },
  { method: 'GET',  path: '/api/v1/agreements/{id}',                        x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}` })) },
  { method: 'PATCH', path: '/api/v1/agreements/{id}',                      x: [D, D, D, D, O, D, D], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}`, body: { title: 'Matrice', version: STALE } })),
    note: 'territorial and local drafts are edited by the territorial staff who submit them; central edits framework drafts only' },
  { method: 'POST', path: '/api/v1/agreements/{id}/transitions',            x: [D, D, D, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/transitions`, body: { action: 'withdraw', version: STALE } })) },
  { method: 'POST', path: '/api/v1/agreements/{id}/transitions', label: 'activate', x: [D, D, D, D, D, D, D], own: async (f) => ({ path: `/api/v1/agreements/${f.frameworkId}/transitions`, body: { action: 'activate', version: await f.version(`/api/v1/agreements/${f.frameworkId}`) } }),
    refusal: ['403', '409 TRANSITION_NOT_ALLOWED'], note: 'activate is the scheduler\'s (system actor): refused to every person, with the current version of a SIGNED framework' },
  { method: 'POST', path: '/api/v1/agreements/{id}/amendments',             x: [D, D, D, D, O, D, A], ...sides((s, f) => ({ path: `/api/v1/agreements/${s.agreementId}/amendments`, body: agreementBody(s, f.frameworkId, f.seq('AMD-MX')) })) },
  { method: 'GET',  path: '/api/v1/agreements/{id}/amendments',             x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/amendments` })) },
  { method: 'POST', path: '/api/v1/agreements/{id}/renewals',               x: [D, D, D, D, O, D, A], ...sides((s, f) => ({ path: `/api/v1/agreements/${s.agreementId}/renewals`, body: { code: f.seq('REN-MX') } })) },
  { method: 'GET',  path: '/api/v1/agreements/{id}/history',                x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/history` })) },
  { method: 'POST', path: '/api/v1/agreements/{id}/documents',              x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/documents`, query: { name: 'Allegato.pdf' }, raw: { contentType: 'application/pdf', data: PDF } })) },
  { method: 'GET',  path: '/api/v1/agreements/{id}/documents',              x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/documents` })) },
  { method: 'GET',  path: '/api/v1/agreements/{id}/documents/{documentId}', x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/agreements/${s.agreementId}/documents/${s.documentId}` })) },
  // agreements: partner API keys (created by the organisation's partner_admin; listed and revoked by it or central)
  { method: 'GET',    path: '/api/v1/organisations/{organisationId}/api-keys',      x: [D, D, O, D, D, D, A], ...sides((s) => ({ path: `/api/v1/organisations/${s.org}/api-keys` })) },
  { method: 'POST',   path: '/api/v1/organisations/{organisationId}/api-keys',      x: [D, D, O, D, D, D, D], ...sides((s) => ({ path: `/api/v1/organisations/${s.org}/api-keys`, body: { label: 'Matrice' } })) },
  { method: 'DELETE', path: '/api/v1/organisations/{organisationId}/api-keys/{id}', x: [D, D, O, D, D, D, A], ...sides((s) => ({ path: `/api/v1/organisations/${s.org}/api-keys/${s.apiKeyId}` })) },
  { method: 'POST',   path: '/api/v1/api-keys/token',                               x: [A, A, A, A, A, A, A], own: (f) => ({ path: '/api/v1/api-keys/token', body: { apiKey: f.exchangeKey } }), note: 'public: the key is the credential' },
  // agreements: outreach events (territorial manages its territories; partners read their organisation's)
  { method: 'POST',  path: '/api/v1/outreach-events',                       x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: '/api/v1/outreach-events', body: eventBody(s, 14) })) },
  { method: 'GET',   path: '/api/v1/outreach-events',                       x: [D, O, O, D, O, A, A], own: () => ({ path: '/api/v1/outreach-events' }), otherMarker: (f) => f.other.eventId, ownMarker: (f) => f.own.eventId },
  { method: 'GET',   path: '/api/v1/outreach-events/calendar.ics',          x: [D, O, O, D, O, A, A], ...sides((s, _f, w) => ({ path: '/api/v1/outreach-events/calendar.ics', query: w === 'territorial' || w === 'dg' || w === 'central' ? { territory: s.region } : { organisation: s.org } } as RestRequest)),
    otherMode: 'filter', otherMarker: (f) => f.other.eventId, ownMarker: (f) => f.own.eventId },
  { method: 'GET',   path: '/api/v1/outreach-events/{id}',                  x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/outreach-events/${s.eventId}` })) },
  { method: 'PATCH', path: '/api/v1/outreach-events/{id}',                  x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/outreach-events/${s.eventId}`, body: { startsAt: `${EVENT_DAY}T10:00:00Z`, endsAt: `${EVENT_DAY}T12:00:00Z`, version: STALE } })) },
  { method: 'POST',  path: '/api/v1/outreach-events/{id}/transitions',      x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/outreach-events/${s.eventId}/transitions`, body: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  // agreements: mobile-unit requests (territorial manages; partner_admin/operator read those under their agreements)
  { method: 'POST', path: '/api/v1/mobile-unit-requests',                   x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: '/api/v1/mobile-unit-requests', body: { eventId: s.eventId, stationKind: 'GAZEBO', availableSpace: 'Piazzale' } })) },
  { method: 'GET',  path: '/api/v1/mobile-unit-requests',                   x: [D, O, O, D, O, A, A], own: () => ({ path: '/api/v1/mobile-unit-requests' }), otherMarker: (f) => f.other.requestId, ownMarker: (f) => f.own.requestId },
  { method: 'GET',  path: '/api/v1/mobile-unit-requests/{id}',              x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/mobile-unit-requests/${s.requestId}` })) },
  { method: 'POST', path: '/api/v1/mobile-unit-requests/{id}/transitions',  x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/mobile-unit-requests/${s.requestId}/transitions`, body: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  // agreements: referents (central, territorial for the units of its territories)
  { method: 'GET',   path: '/api/v1/inps-units/{unitId}/referents',         x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/inps-units/${s.unit}/referents` })) },
  { method: 'POST',  path: '/api/v1/inps-units/{unitId}/referents',         x: [D, D, D, D, O, D, A], ...sides((s, f) => ({ path: `/api/v1/inps-units/${s.unit}/referents`, body: { role: 'MONITORING', personId: f.seq('p'), fullName: 'Referente', primary: false, validFrom: '2026-01-01' } })) },
  { method: 'PATCH', path: '/api/v1/referents/{id}',                        x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/referents/${s.referentId}`, body: { validTo: '2099-12-31', version: STALE } })) },
  // agreements: technical tables (territorial runs LOCAL tables of its territories; partners read tables their organisation sits at)
  { method: 'POST',  path: '/api/v1/technical-tables',                      x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: '/api/v1/technical-tables', body: { name: 'Tavolo matrice', level: 'LOCAL', territoryCode: s.comune } })) },
  { method: 'GET',   path: '/api/v1/technical-tables',                      x: [D, O, O, D, O, A, A], own: () => ({ path: '/api/v1/technical-tables' }), otherMarker: (f) => f.other.tableId, ownMarker: (f) => f.own.tableId },
  { method: 'GET',   path: '/api/v1/technical-tables/{id}',                 x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}` })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/transitions',     x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/transitions`, body: { action: 'close', version: STALE } })) },
  { method: 'GET',   path: '/api/v1/technical-tables/{id}/members',         x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/members` })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/members',         x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/members`, body: { inpsUnitId: 'dg', role: 'OBSERVER', validFrom: '2026-01-01' } })) },
  { method: 'PATCH', path: '/api/v1/technical-tables/{id}/members/{memberId}', x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/members/${s.spareMemberId}`, body: { validTo: '2099-12-31' } })) },
  { method: 'GET',   path: '/api/v1/technical-tables/{id}/meetings',        x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/meetings` })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/meetings',        x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/meetings`, body: { startsAt: `${EVENT_DAY}T15:00:00+01:00`, place: 'Sede', agenda: 'Matrice' } })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/meetings/{meetingId}/transitions', x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/meetings/${s.meetingId}/transitions`, body: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  { method: 'GET',   path: '/api/v1/technical-tables/{id}/issues',          x: [D, O, O, D, O, A, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/issues` })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/issues',          x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/issues`, body: { title: 'Matrice', description: 'Matrice', raisedAt: TODAY } })) },
  { method: 'POST',  path: '/api/v1/technical-tables/{id}/issues/{issueId}/transitions', x: [D, D, D, D, O, D, A], ...sides((s) => ({ path: `/api/v1/technical-tables/${s.tableId}/issues/${s.issueId}/transitions`, body: { action: 'resolve', note: 'matrice', version: STALE } })) },

  // monitoring: follow-ups (recorded by partners for their organisation; read: partners their own, territorial its territories, central all)
  { method: 'POST',  path: '/api/v1/follow-ups',                            x: [D, A, A, A, D, D, D], own: (f) => ({ path: '/api/v1/follow-ups', body: { screeningId: f.own.screeningId, needs: ['ISEE'], help: [{ type: 'ISEE' }] } }) },
  { method: 'GET',   path: '/api/v1/follow-ups',                            x: [D, O, O, O, O, A, A], own: () => ({ path: '/api/v1/follow-ups' }), otherMarker: (f) => f.other.followUpId,
    ownMarker: (f) => (f.followUpsCreated ? f.own.followUpId : '') },
  { method: 'GET',   path: '/api/v1/follow-ups/{id}',                       x: [D, O, O, O, O, A, A], hidden: false, own: (f) => ({ path: `/api/v1/follow-ups/${f.own.followUpId}` }),
    other: (f) => (f.followUpsCreated ? { path: `/api/v1/follow-ups/${f.other.followUpId}` } : undefined), readOk: (f) => (f.followUpsCreated ? [200] : [404]),
    note: 'without the monitoring seed (authz/monitoring-seed.ts) only the role gate is tested, on an unknown id' },
  { method: 'PATCH', path: '/api/v1/follow-ups/{id}',                       x: [D, O, O, O, D, D, D], own: (f) => ({ path: `/api/v1/follow-ups/${f.own.followUpId}`, body: { benefitId: 'assegno-inclusione', result: 'GRANTED', resultDate: TODAY } }),
    other: (f) => (f.followUpsCreated ? { path: `/api/v1/follow-ups/${f.other.followUpId}`, body: { benefitId: 'assegno-inclusione', result: 'GRANTED', resultDate: TODAY } } : undefined) },
  // monitoring: returns (partners their own; territorial its territories; central all; filed by partner_admin / partner_app)
  { method: 'GET',  path: '/api/v1/returns',                                x: [D, O, O, O, O, A, A], own: () => ({ path: '/api/v1/returns' }),
    otherMarker: (f) => `"${f.other.org}"`, ownMarker: (f) => (f.returnsFiled ? `"${f.own.org}"` : '') },
  { method: 'GET',  path: '/api/v1/returns/{organisationId}/{territory}/{semester}', x: [D, O, O, O, O, A, A], ...sides((s) => ({ path: `/api/v1/returns/${s.org}/${s.comune}/${LAST_SEMESTER}` })), readOk: (f) => (f.returnsFiled ? [200] : [404]),
    note: 'without the monitoring seed (authz/monitoring-seed.ts) no return can be filed: then 404 past the gate' },
  { method: 'PUT',  path: '/api/v1/returns/{organisationId}/{territory}/{semester}', x: [D, D, O, O, D, D, D], ...sides((s) => ({ path: `/api/v1/returns/${s.org}/${s.comune}/${LAST_SEMESTER}`, body: returnBody() })) },
  { method: 'POST', path: '/api/v1/returns/{organisationId}/{territory}/{semester}/transitions', x: [D, D, O, O, O, D, A],
    ...sides((s, _f, w) => ({ path: `/api/v1/returns/${s.org}/${s.comune}/${LAST_SEMESTER}/transitions`, body: w === 'territorial' || w === 'central' ? { action: 'return', comment: 'matrice' } : { action: 'submit' } })),
    note: 'partners (and dg, operator) try submit, reviewers return: operator and dg are refused submitting a DRAFT / RETURNED return (403); in column order the own return goes DRAFT → SUBMITTED (partner_admin) → RETURNED (territorial)' },
  // monitoring: indicators (partners: suppressed figures of any territory; territorial its territories)
  { method: 'GET',  path: '/api/v1/indicators',                             x: [D, A, A, A, O, A, A], ...sides((s) => ({ path: '/api/v1/indicators', query: { semester: LAST_SEMESTER, territory: s.region } })) },
  // monitoring: reports (central requests; partners read the suppressed edition; territorial its territories)
  { method: 'POST', path: '/api/v1/reports',                                x: [D, D, D, D, D, D, A], own: () => ({ path: '/api/v1/reports', body: { semester: LAST_SEMESTER, territory: '058091' } }) },
  { method: 'GET',  path: '/api/v1/reports',                                x: [D, A, A, A, O, A, A], own: () => ({ path: '/api/v1/reports' }), otherMarker: (f) => f.other.reportId, ownMarker: (f) => f.own.reportId },
  { method: 'GET',  path: '/api/v1/reports/{id}',                           x: [D, A, A, A, O, A, A], ...sides((s) => ({ path: `/api/v1/reports/${s.reportId}` })) },
  { method: 'GET',  path: '/api/v1/reports/{id}/files/{format}',            x: [D, A, A, A, O, A, A], ...sides((s) => ({ path: `/api/v1/reports/${s.reportId}/files/json` })), readOk: [200, 404],
    note: 'a report not compiled yet, or a partner edition withheld for small counts, is 404 past the gate' },
  // monitoring: refused events (the queue console's, central only)
  { method: 'GET',  path: '/api/v1/refused-events',                         x: [D, D, D, D, D, D, A], own: () => ({ path: '/api/v1/refused-events' }) },
  { method: 'POST', path: '/api/v1/refused-events/{id}/retry',              x: [D, D, D, D, D, D, A], own: () => ({ path: '/api/v1/refused-events/3f2b8c1e-9a4d-4e7b-8c2a-5d6e7f8a9b0c/retry' }),
    note: 'no event is refused in this stack: 404 past the gate' },
];

// ------------------------------------------------------------------ GraphQL
const g = (query: string, variables?: Record<string, unknown>): GqlRequest => ({ query, variables });
const byId = (field: string, type = 'ID') => sides((s: Side) => g(`query($id: ${type}!) { ${field}(id: $id) { __typename } }`, { id: pickId(field, s) }));
function pickId(field: string, s: Side): string {
  if (field.startsWith('agreement')) return s.agreementId;
  if (field === 'outreachEvent') return s.eventId;
  if (field === 'mobileUnitRequest') return s.requestId;
  if (field === 'technicalTable') return s.tableId;
  if (field === 'screening') return s.screeningId;
  throw new Error(field);
}
const tableQuery = (field: string) => sides((s: Side) => g(`query($t: ID!) { ${field}(tableId: $t) { __typename } }`, { t: s.tableId }));
const m = (field: string, sig: string, args: string) => `mutation(${sig}) { ${field}(${args}) { __typename } }`;

/* prettier-ignore */
//                                                                  anon op  padm papp terr dg  central
const GQL: GqlRow<F>[] = [
  { op: 'query', field: 'territories',          x: [D, A, A, A, A, A, A], own: () => g('{ territories(q: "Roma", limit: 5) { total } }') },
  { op: 'query', field: 'territory',            x: [D, A, A, A, A, A, A], own: () => g('{ territory(istatCode: "058091") { __typename } }') },
  { op: 'query', field: 'organisations',        x: [D, A, A, A, A, A, A], own: () => g('{ organisations { id } }') },
  { op: 'query', field: 'inpsUnits',            x: [D, A, A, A, A, A, A], own: () => g('{ inpsUnits { id } }') },
  { op: 'query', field: 'whereToGo',            x: [A, A, A, A, A, A, A], own: () => g('{ whereToGo(comune: "058091") { inpsUnits { id } } }') },
  { op: 'query', field: 'agreements',           x: [D, O, O, D, O, A, A], own: () => g('{ agreements(limit: 100) { items { id } } }'), otherMarker: (f) => f.other.agreementId, ownMarker: (f) => f.own.agreementId },
  { op: 'query', field: 'agreement',            x: [D, O, O, D, O, A, A], ...byId('agreement') },
  { op: 'query', field: 'agreementHistory',     x: [D, O, O, D, O, A, A], ...byId('agreementHistory') },
  { op: 'query', field: 'agreementDocuments',   x: [D, O, O, D, O, A, A], ...sides((s) => g('query($a: ID!) { agreementDocuments(agreementId: $a) { __typename } }', { a: s.agreementId })), lenient: false },
  { op: 'query', field: 'outreachEvents',       x: [D, O, O, D, O, A, A], own: () => g('{ outreachEvents(limit: 100) { items { id } } }'), otherMarker: (f) => f.other.eventId, ownMarker: (f) => f.own.eventId },
  { op: 'query', field: 'outreachEvent',        x: [D, O, O, D, O, A, A], ...byId('outreachEvent') },
  { op: 'query', field: 'mobileUnitRequests',   x: [D, O, O, D, O, A, A], own: () => g('{ mobileUnitRequests(limit: 100) { items { id } } }'), otherMarker: (f) => f.other.requestId, ownMarker: (f) => f.own.requestId },
  { op: 'query', field: 'mobileUnitRequest',    x: [D, O, O, D, O, A, A], ...byId('mobileUnitRequest') },
  { op: 'query', field: 'referents',            x: [D, D, D, D, O, D, A], ...sides((s) => g('query($u: String!) { referents(unitId: $u) { __typename } }', { u: s.unit })) },
  { op: 'query', field: 'technicalTables',      x: [D, O, O, D, O, A, A], own: () => g('{ technicalTables(limit: 100) { items { id } } }'), otherMarker: (f) => f.other.tableId, ownMarker: (f) => f.own.tableId },
  { op: 'query', field: 'technicalTable',       x: [D, O, O, D, O, A, A], ...byId('technicalTable') },
  { op: 'query', field: 'technicalTableMembers',  x: [D, O, O, D, O, A, A], ...tableQuery('technicalTableMembers') },
  { op: 'query', field: 'technicalTableMeetings', x: [D, O, O, D, O, A, A], ...tableQuery('technicalTableMeetings') },
  { op: 'query', field: 'technicalTableIssues',   x: [D, O, O, D, O, A, A], ...tableQuery('technicalTableIssues') },
  { op: 'query', field: 'indicators',           x: [D, A, A, A, O, A, A], ...sides((s) => g('query($s: String!, $t: String) { indicators(semester: $s, territory: $t) { __typename } }', { s: LAST_SEMESTER, t: s.region })) },
  { op: 'query', field: 'ruleSets',             x: [A, A, A, A, A, A, A], own: () => g('{ ruleSets { id } }') },
  { op: 'query', field: 'ruleSet',              x: [A, A, A, A, A, A, A], own: () => g('{ ruleSet(id: "it-2026") { id } }') },
  { op: 'query', field: 'evaluateFacts',        x: [A, A, A, A, A, A, A], own: () => g('query($i: EvaluateInput!) { evaluateFacts(input: $i) { __typename } }', { i: { facts: { age: 70 }, language: 'en' } }) },
  { op: 'query', field: 'screening', label: 'self',     x: [A, A, A, A, A, A, A], own: (f) => g('query($id: ID!) { screening(id: $id) { id } }', { id: f.selfOpen.id }) },
  { op: 'query', field: 'screening', label: 'operator', x: [D, O, O, O, D, D, A], hidden: true, ...byId('screening') },
  { op: 'query', field: 'screenings',           x: [D, O, O, O, D, D, A], own: () => g('{ screenings(limit: 200) { items { id } } }'), otherMarker: (f) => f.other.screeningId, ownMarker: (f) => f.own.screeningId },
  { op: 'query', field: 'screeningByResumeCode', label: 'self',     x: [A, A, A, A, A, A, A], own: (f) => g('query($c: String!) { screeningByResumeCode(resumeCode: $c) { id } }', { c: f.selfOpen.resumeCode }) },
  { op: 'query', field: 'screeningByResumeCode', label: 'operator', x: [D, O, O, O, D, D, A], hidden: true, ...sides((s) => g('query($c: String!) { screeningByResumeCode(resumeCode: $c) { id } }', { c: s.resumeCode })) },

  { op: 'mutation', field: 'createAgreement',       x: [D, D, D, D, O, D, A], ...sides((s, f) => g(m('createAgreement', '$i: CreateAgreementInput!', 'input: $i'), { i: agreementBody(s, f.frameworkId, f.seq('TER-GQ')) })) },
  { op: 'mutation', field: 'editAgreement',         x: [D, D, D, D, O, D, D], ...sides((s) => g(m('editAgreement', '$id: ID!, $i: EditAgreementInput!', 'id: $id, input: $i'), { id: s.agreementId, i: { title: 'Matrice', version: STALE } })) },
  { op: 'mutation', field: 'transitionAgreement',   x: [D, D, D, D, O, A, A], ...sides((s) => g(m('transitionAgreement', '$id: ID!, $i: AgreementTransitionInput!', 'id: $id, input: $i'), { id: s.agreementId, i: { action: 'withdraw', version: STALE } })) },
  { op: 'mutation', field: 'transitionAgreement', label: 'activate', x: [D, D, D, D, D, D, D], own: async (f) => g(m('transitionAgreement', '$id: ID!, $i: AgreementTransitionInput!', 'id: $id, input: $i'), { id: f.frameworkId, i: { action: 'activate', version: await f.version(`/api/v1/agreements/${f.frameworkId}`) } }),
    refusal: ['FORBIDDEN', 'TRANSITION_NOT_ALLOWED'] },
  { op: 'mutation', field: 'planOutreachEvent',     x: [D, D, D, D, O, D, A], ...sides((s) => g(m('planOutreachEvent', '$i: CreateOutreachEventInput!', 'input: $i'), { i: eventBody(s, 16) })) },
  { op: 'mutation', field: 'rescheduleOutreachEvent', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('rescheduleOutreachEvent', '$id: ID!, $i: RescheduleOutreachEventInput!', 'id: $id, input: $i'), { id: s.eventId, i: { startsAt: `${EVENT_DAY}T10:00:00Z`, endsAt: `${EVENT_DAY}T12:00:00Z`, version: STALE } })) },
  { op: 'mutation', field: 'transitionOutreachEvent', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('transitionOutreachEvent', '$id: ID!, $i: OutreachEventTransitionInput!', 'id: $id, input: $i'), { id: s.eventId, i: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  { op: 'mutation', field: 'requestMobileUnit',     x: [D, D, D, D, O, D, A], ...sides((s) => g(m('requestMobileUnit', '$i: CreateMobileUnitRequestInput!', 'input: $i'), { i: { eventId: s.eventId, stationKind: 'GAZEBO', availableSpace: 'Piazzale' } })) },
  { op: 'mutation', field: 'transitionMobileUnitRequest', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('transitionMobileUnitRequest', '$id: ID!, $i: MobileUnitTransitionInput!', 'id: $id, input: $i'), { id: s.requestId, i: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  { op: 'mutation', field: 'createReferent',        x: [D, D, D, D, O, D, A], ...sides((s, f) => g(m('createReferent', '$u: String!, $i: CreateReferentInput!', 'unitId: $u, input: $i'), { u: s.unit, i: { role: 'MONITORING', personId: f.seq('pg'), fullName: 'Referente', primary: false, validFrom: '2026-01-01' } })) },
  { op: 'mutation', field: 'closeReferent',         x: [D, D, D, D, O, D, A], ...sides((s) => g(m('closeReferent', '$id: ID!, $i: CloseReferentInput!', 'id: $id, input: $i'), { id: s.referentId, i: { validTo: '2099-12-31', version: STALE } })) },
  { op: 'mutation', field: 'createTechnicalTable',  x: [D, D, D, D, O, D, A], ...sides((s) => g(m('createTechnicalTable', '$i: CreateTechnicalTableInput!', 'input: $i'), { i: { name: 'Tavolo GQ', level: 'LOCAL', territoryCode: s.comune } })) },
  { op: 'mutation', field: 'transitionTechnicalTable', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('transitionTechnicalTable', '$id: ID!, $i: TechnicalTableTransitionInput!', 'id: $id, input: $i'), { id: s.tableId, i: { action: 'close', version: STALE } })) },
  { op: 'mutation', field: 'addTechnicalTableMember', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('addTechnicalTableMember', '$t: ID!, $i: AddTableMemberInput!', 'tableId: $t, input: $i'), { t: s.tableId, i: { inpsUnitId: 'dg', role: 'OBSERVER', validFrom: '2026-01-01' } })) },
  { op: 'mutation', field: 'endTechnicalTableMember', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('endTechnicalTableMember', '$t: ID!, $mm: ID!, $i: EndTableMemberInput!', 'tableId: $t, memberId: $mm, input: $i'), { t: s.tableId, mm: s.spareMemberId, i: { validTo: '2099-12-31' } })) },
  { op: 'mutation', field: 'planTechnicalTableMeeting', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('planTechnicalTableMeeting', '$t: ID!, $i: PlanTableMeetingInput!', 'tableId: $t, input: $i'), { t: s.tableId, i: { startsAt: `${EVENT_DAY}T16:00:00+01:00`, place: 'Sede', agenda: 'GQ' } })) },
  { op: 'mutation', field: 'transitionTechnicalTableMeeting', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('transitionTechnicalTableMeeting', '$t: ID!, $mm: ID!, $i: TableMeetingTransitionInput!', 'tableId: $t, meetingId: $mm, input: $i'), { t: s.tableId, mm: s.meetingId, i: { action: 'cancel', comment: 'matrice', version: STALE } })) },
  { op: 'mutation', field: 'raiseTechnicalTableIssue', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('raiseTechnicalTableIssue', '$t: ID!, $i: RaiseTableIssueInput!', 'tableId: $t, input: $i'), { t: s.tableId, i: { title: 'GQ', description: 'GQ', raisedAt: TODAY } })) },
  { op: 'mutation', field: 'transitionTechnicalTableIssue', x: [D, D, D, D, O, D, A], ...sides((s) => g(m('transitionTechnicalTableIssue', '$t: ID!, $ii: ID!, $i: TableIssueTransitionInput!', 'tableId: $t, issueId: $ii, input: $i'), { t: s.tableId, ii: s.issueId, i: { action: 'resolve', note: 'matrice', version: STALE } })) },
  { op: 'mutation', field: 'recordFollowUp',        x: [D, A, A, A, D, D, D], own: (f) => g(m('recordFollowUp', '$i: RecordFollowUpInput!', 'input: $i'), { i: { screeningId: f.own.screeningId, needs: ['ISEE'], help: [{ type: 'ISEE' }] } }) },
  { op: 'mutation', field: 'publishRuleSet',        x: [D, D, D, D, D, D, A], own: () => g(m('publishRuleSet', '$d: JSONObject!', 'definition: $d'), { d: { id: 'not-a-rule-set' } }) },
  { op: 'mutation', field: 'startScreening', label: 'self',     x: [A, A, A, A, A, A, A], own: () => g(m('startScreening', '$i: StartScreeningInput!', 'input: $i'), { i: { mode: 'self', language: 'en' } }) },
  { op: 'mutation', field: 'startScreening', label: 'operator', x: [D, A, A, A, D, D, D], own: () => g(m('startScreening', '$i: StartScreeningInput!', 'input: $i'), { i: { mode: 'operator', territory: '058091' } }), anonRefusal: ['UNAUTHORIZED', 'FORBIDDEN'] },
  { op: 'mutation', field: 'answerQuestion', label: 'self',     x: [A, A, A, A, A, A, A], own: (f) => g(m('answerQuestion', '$s: ID!, $q: String!, $v: FactValue!', 'screeningId: $s, questionId: $q, value: $v'), { s: f.selfOpen.id, q: 'q-not-asked', v: true }) },
  { op: 'mutation', field: 'answerQuestion', label: 'operator', x: [D, O, O, O, D, D, D], hidden: true, ...sides((s) => g(m('answerQuestion', '$s: ID!, $q: String!, $v: FactValue!', 'screeningId: $s, questionId: $q, value: $v'), { s: s.screeningId, q: 'q-not-asked', v: true })) },
  { op: 'mutation', field: 'changeAnswer', label: 'self',       x: [A, A, A, A, A, A, A], own: (f) => g(m('changeAnswer', '$s: ID!, $q: String!, $v: FactValue!', 'screeningId: $s, questionId: $q, value: $v'), { s: f.selfDone.id, q: f.selfDone.questionId, v: true }) },
  { op: 'mutation', field: 'changeAnswer', label: 'operator',   x: [D, O, O, O, D, D, D], hidden: true, ...sides((s, f) => g(m('changeAnswer', '$s: ID!, $q: String!, $v: FactValue!', 'screeningId: $s, questionId: $q, value: $v'), { s: s.screeningId, q: f.ownAnsweredQuestion, v: true })) },
  { op: 'mutation', field: 'completeScreening', label: 'self',  x: [A, A, A, A, A, A, A], own: (f) => g(m('completeScreening', '$s: ID!', 'screeningId: $s'), { s: f.selfDone.id }) },
  { op: 'mutation', field: 'completeScreening', label: 'operator', x: [D, O, O, O, D, D, D], hidden: true, ...sides((s) => g(m('completeScreening', '$s: ID!', 'screeningId: $s'), { s: s.screeningId })) },
];

/**
 * Cells where a service contradicts the policy (bug: …). The table above keeps the policy result;
 * these cells make the "known gaps" test fail until the service is fixed (then remove them here).
 * Key: "<METHOD path | graphql query/mutation field> [label] | <principal> | own|other".
 */
const KNOWN_GAPS: readonly string[] = [];

// ------------------------------------------------------------------ runner
const restOp = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
const gqlOp = (r: { op: string; field: string }) => `graphql ${r.op} ${r.field}`;

describe('authorization matrix (through the gateway)', () => {
  let stack: Stack;
  let gw: RunningGateway;
  let f: Fixtures;
  const results: CellResult[] = [];

  beforeAll(async () => {
    stack = await startStack();
    gw = await startGateway(stack);
    f = await createFixtures(gw.http, stack.tokens, stack.services.monitoring.databaseUrl as string);
    // Without them the follow-up and return rows would test only the role gate: refuse to run half a matrix.
    if (!f.followUpsCreated || !f.returnsFiled) throw new Error(`matrix fixtures incomplete: follow-ups ${f.followUpsCreated}, returns ${f.returnsFiled}`);
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  const token = (who: Who): string | undefined => (who === 'anonymous' ? undefined : f.tokens[who]);
  const plan = (e: Expect, hasOther: boolean, otherMode: 'refuse' | 'filter' | undefined): { variant: Variant; want: 'allowed' | 'refused' | 'filtered' }[] => {
    if (e === 'deny') return [{ variant: 'own', want: 'refused' }];
    const other = hasOther
      ? [{ variant: 'other' as const, want: e === 'own' ? (otherMode === 'filter' ? ('filtered' as const) : ('refused' as const)) : ('allowed' as const) }]
      : [];
    return [{ variant: 'own', want: 'allowed' }, ...other];
  };

  it('has a row for every REST route of the services and every GraphQL root field, and no stale row', async () => {
    const doc = (await gw.http.get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((k) => METHODS.includes(k))
        .map((k) => `${k.toUpperCase()} ${path}`),
    );
    const apiRoutes = routes.filter((r) => r.split(' ')[1].startsWith('/api/'));
    const rows = new Set(REST.map(restOp));
    const schema = await gw.http
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: '{ __schema { queryType { fields { name } } mutationType { fields { name } } } }' }))
      .expect(200);
    const s = schema.body.data.__schema as { queryType: { fields: { name: string }[] }; mutationType: { fields: { name: string }[] } };
    const fields = [...s.queryType.fields.map((x) => `graphql query ${x.name}`), ...s.mutationType.fields.map((x) => `graphql mutation ${x.name}`)].filter(
      (x) => !/ _/.test(x),
    );
    const gqlRows = new Set(GQL.map(gqlOp));
    const missing = [...apiRoutes.filter((r) => !rows.has(r)), ...fields.filter((x) => !gqlRows.has(x))];
    const stale = [...[...rows].filter((r) => !apiRoutes.includes(r)), ...[...gqlRows].filter((x) => !fields.includes(x))];
    const other = routes.filter((r) => !r.split(' ')[1].startsWith('/api/'));
    if (other.length) console.info(`authorization matrix: routes outside /api (not proxied as resources, not in the matrix): ${other.join(', ')}`);
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  it('lets anonymous callers reach health, the API documents and the docs page, and nothing else but the self-assessment', async () => {
    for (const path of ['/health/live', '/health/ready', '/openapi.json'])
      expect({ path, status: (await gw.http.get(path)).status }).toEqual({ path, status: 200 });
    expect((await gw.http.get('/docs').redirects(1)).status).toBe(200);
    for (const name of ['questionnaire', 'agreements', 'monitoring'] as const) {
      for (const path of ['/health/live', '/openapi.json'])
        expect({ name, path, status: (await fetch(`${stack.services[name].url}${path}`)).status }).toEqual({ name, path, status: 200 });
    }
  });

  it('runs every cell: the REST table', async () => {
    for (const row of REST) {
      for (const [i, who] of PRINCIPALS.entries()) {
        const e = row.x[i];
        const otherReq = row.other?.(f, who);
        for (const { variant, want } of plan(e, !!otherReq, row.otherMode)) {
          const req: RestRequest = variant === 'own' ? await row.own(f, who) : (otherReq as RestRequest);
          const got = await sendRest(gw.http, row.method, req, token(who));
          const marker = e === 'own' && row.otherMarker ? row.otherMarker(f) : undefined;
          const readOk = typeof row.readOk === 'function' ? row.readOk(f) : row.readOk;
          const ownMarker = e === 'own' && variant === 'own' && row.ownMarker ? row.ownMarker(f) : undefined;
          const verdict = judgeRest({ ...row, readOk }, who, variant, want, got, want === 'refused' ? undefined : marker, ownMarker);
          results.push({
            key: cellKey(restOp(row), row.label, who, variant),
            ok: verdict.ok,
            expected: verdict.expected,
            got: `${describeRest(got)} (${req.path})`,
          });
        }
      }
    }
    expect(results.length).toBeGreaterThan(0);
  });

  it('runs every cell: the GraphQL table', async () => {
    for (const row of GQL) {
      for (const [i, who] of PRINCIPALS.entries()) {
        const e = row.x[i];
        const otherReq = row.other?.(f, who);
        for (const { variant, want } of plan(e, !!otherReq, row.otherMode)) {
          const req = variant === 'own' ? await row.own(f, who) : (otherReq as GqlRequest);
          const got = await sendGql(gw.http, req, token(who));
          const marker = e === 'own' && row.otherMarker ? row.otherMarker(f) : undefined;
          const ownMarker = e === 'own' && variant === 'own' && row.ownMarker ? row.ownMarker(f) : undefined;
          const verdict = judgeGql(row, who, variant, want, got, want === 'refused' ? undefined : marker, ownMarker);
          results.push({ key: cellKey(gqlOp(row), row.label, who, variant), ok: verdict.ok, expected: verdict.expected, got: describeGql(got) });
        }
      }
    }
    expect(results.length).toBeGreaterThan(0);
  });

  it('holds, apart from the known gaps', () => {
    const unexpected = results.filter((r) => !r.ok && !KNOWN_GAPS.includes(r.key));
    const fixed = KNOWN_GAPS.filter((k) => results.some((r) => r.key === k && r.ok));
    const unknown = KNOWN_GAPS.filter((k) => !results.some((r) => r.key === k));
    // AUTHZ_MATRIX_DUMP=<file>: every cell with what it got, for review.
    if (process.env.AUTHZ_MATRIX_DUMP)
      writeFileSync(process.env.AUTHZ_MATRIX_DUMP, results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'} ${r.key} => ${r.got} [${r.expected}]`).join('\n'));
    console.info(
      `authorization matrix: ${REST.length} REST rows + ${GQL.length} GraphQL rows × ${PRINCIPALS.length} principals, ${results.length} cells run, ${results.filter((r) => !r.ok).length} failing`,
    );
    const lines = [
      ...unexpected.map((r) => `UNEXPECTED ${r.key}: expected ${r.expected}, got ${r.got}`),
      ...fixed.map((k) => `FIXED (remove from KNOWN_GAPS) ${k}`),
      ...unknown.map((k) => `KNOWN_GAPS names no cell: ${k}`),
    ];
    expect(lines).toEqual([]);
  });

  it('has no known access-control gaps left (KNOWN_GAPS must be empty)', () => {
    const open = results.filter((r) => !r.ok && KNOWN_GAPS.includes(r.key)).map((r) => `bug: ${r.key}: expected ${r.expected}, got ${r.got}`);
    expect(open).toEqual([]);
  });
});
