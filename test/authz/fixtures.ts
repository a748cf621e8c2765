import { programmeOverHttp, type TestTokens } from '@inps/shared';
import type supertest from 'supertest';
import type { Response } from 'supertest';
import { seedMonitoring } from './monitoring-seed';
import type { Who } from './harness';

type Http = ReturnType<typeof supertest>;

/** One side of the matrix: the caller's own organisation / territory, or the other one. */
export interface Side {
  readonly org: string;
  readonly region: string;
  readonly comune: string;
  readonly unit: string;
  readonly agreementId: string;
  readonly documentId: string;
  readonly eventId: string;
  readonly requestId: string;
  readonly referentId: string;
  readonly tableId: string;
  readonly memberId: string;
  /** A member (anci, observer) whose end date the matrix may move, so the organisation's own membership stays. */
  readonly spareMemberId: string;
  readonly meetingId: string;
  readonly issueId: string;
  /** A completed operator-mode screening of this side's organisation. */
  readonly screeningId: string;
  readonly resumeCode: string;
  readonly apiKeyId: string;
  readonly reportId: string;
  /** A follow-up of this side's screening, or a valid UUID no follow-up has (see followUpsCreated). */
  readonly followUpId: string;
}

export interface Fixtures {
  readonly frameworkId: string;
  readonly own: Side;
  readonly other: Side;
  /** A self-assessment still in progress, and one completed. */
  readonly selfOpen: { readonly id: string; readonly resumeCode: string; readonly questionId: string };
  readonly selfDone: { readonly id: string; readonly resumeCode: string; readonly questionId: string };
  readonly ownAnsweredQuestion: string;
  /** A key of the own organisation kept valid for POST /api-keys/token. */
  readonly exchangeKey: string;
  readonly nationalReportId: string;
  readonly followUpsCreated: boolean;
  /** Whether a draft return of each side could be filed (needs the agreement events too). */
  readonly returnsFiled: boolean;
  readonly tokens: Readonly<Record<Exclude<Who, 'anonymous'>, string>>;
  /** A fresh code for agreements and the like created by the matrix. */
  seq(prefix: string): string;
  /** The current version of a resource, read by central (for probes that must not be stale). */
  version(path: string): Promise<number>;
}

const NO_SUCH_ID = '00000000-0000-4000-8000-00000000a11c';
export const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from('1 0 obj << >> endobj\n'), Buffer.from('%%EOF\n')]);
/** Far enough ahead for a mobile unit (15 days) whatever day the test runs. */
export const EVENT_DAY = (() => {
  const d = new Date(Date.now() + 60 * 86_400_000);
  return d.toISOString().slice(0, 10);
})();
export const TODAY = new Date().toISOString().slice(0, 10);
/** The last semester that has ended. */
export const LAST_SEMESTER = (() => {
  const now = new Date();
  const y = now.getUTCFullYear();
  return now.getUTCMonth() >= 6 ? `${y}S1` : `${y - 1}S2`;
})();

export const agreementBody = (side: { org: string; unit: string; comune: string }, parentId: string, code: string) => ({
  code,
  kind: 'TERRITORIAL',
  title: `Protocollo ${side.org}`,
  parentId,
  parties: [
    { organisationId: side.org, role: 'proponent', commitments: ['sportello'] },
    { inpsUnitId: side.unit, role: 'signatory', commitments: ['consulenza'] },
  ],
  scope: [side.comune],
  term: { years: 1 },
  flags: { itChanges: false, dataExchange: false, costs: true },
});

/** An event organised by the side's organisation under its agreement. */
export const eventBody = (side: { agreementId: string; comune: string; org: string }, hour = 9) => ({
  agreementId: side.agreementId,
  organisationId: side.org,
  territoryCode: side.comune,
  venueType: 'SOUP_KITCHEN',
  venueName: 'Mensa',
  startsAt: `${EVENT_DAY}T${String(hour).padStart(2, '0')}:00:00Z`,
  endsAt: `${EVENT_DAY}T${String(hour + 3).padStart(2, '0')}:00:00Z`,
});

export const returnBody = () => ({
  datasetVersion: '2026.1',
  values: {
    peopleContacted: { total: 200 },
    peopleTakenInCharge: { total: 120 },
    needsFound: { total: 260, byNeedType: { INCOME_SUPPORT: 90, DIGITAL_IDENTITY: 80, DOCUMENTS_RESIDENCE: 60, ISEE: 30 } },
    needsResolved: { total: 100 },
    helpGiven: { total: 150 },
    applicationsFiled: { total: 50, byOutcome: { GRANTED: 20, REJECTED: 10, PENDING: 20 } },
    applicationsGranted: { total: 20 },
    applicationsRejected: { total: 10 },
  },
});

async function call(
  http: Http,
  method: 'get' | 'post' | 'put' | 'patch',
  path: string,
  token: string | undefined,
  body?: unknown,
  expected: number[] = [200, 201, 202],
) {
  let r = http[method](path);
  if (token) r = r.set('authorization', `Bearer ${token}`);
  const res = body === undefined ? await r : await r.set('content-type', 'application/json').send(JSON.stringify(body));
  if (!expected.includes(res.status)) throw new Error(`fixture ${method.toUpperCase()} ${path}: ${res.status} ${res.text.slice(0, 500)}`);
  return res.body as Record<string, unknown> & { id: string; version: number };
}

export async function createFixtures(http: Http, tokens: TestTokens, monitoringDatabaseUrl: string): Promise<Fixtures> {
  let returnsFiled = false;
  const t = {
    operator: await tokens.operator('caritas-roma'),
    partner_admin: await tokens.partnerAdmin('caritas-roma'),
    partner_app: await tokens.partnerApp('caritas-roma'),
    territorial: await tokens.territorial(['12']),
    dg: await tokens.dg(),
    central: await tokens.central(),
  };
  const torino = {
    territorial: await tokens.territorial(['01']),
    operator: await tokens.operator('caritas-torino'),
    partner_admin: await tokens.partnerAdmin('caritas-torino'),
  };
  let n = 0;
  const stamp = Date.now().toString(36).toUpperCase();
  const seq = (prefix: string) => `${prefix}-${stamp}-${++n}`;

  const fw = await programmeOverHttp(http, { central: t.central }).signedFramework({ code: seq('FW-AZ'), signedOn: TODAY });

  const side = async (s: { org: string; region: string; comune: string; unit: string }, territorial: string, operator: string, partnerAdmin: string) => {
    const agreement = await call(http, 'post', '/api/v1/agreements', territorial, agreementBody(s, fw.id, seq('TER-AZ')));
    const up = await http
      .post(`/api/v1/agreements/${agreement.id}/documents`)
      .query({ name: `Accordo-${s.org}.pdf` })
      .set('authorization', `Bearer ${t.central}`)
      .set('content-type', 'application/pdf')
      .send(Buffer.concat([PDF, Buffer.from(`% ${s.org}\n`)]));
    if (up.status !== 201) throw new Error(`fixture document: ${up.status} ${up.text}`);
    const event = await call(http, 'post', '/api/v1/outreach-events', territorial, eventBody({ agreementId: agreement.id, comune: s.comune, org: s.org }));
    const request = await call(http, 'post', '/api/v1/mobile-unit-requests', territorial, {
      eventId: event.id,
      stationKind: 'GAZEBO',
      availableSpace: 'Cortile, 30 m²',
    });
    const referent = await call(http, 'post', `/api/v1/inps-units/${s.unit}/referents`, territorial, {
      role: 'PROGRAMME',
      personId: seq('p'),
      fullName: 'Referente di prova',
      primary: false,
      validFrom: '2026-01-01',
    });
    const table = await call(http, 'post', '/api/v1/technical-tables', territorial, {
      name: `Tavolo ${s.org}`,
      level: 'LOCAL',
      territoryCode: s.comune,
      agreementId: agreement.id,
    });
    const member = await call(http, 'post', `/api/v1/technical-tables/${table.id}/members`, territorial, {
      organisationId: s.org,
      role: 'MEMBER',
      validFrom: '2026-01-01',
    });
    const spare = await call(http, 'post', `/api/v1/technical-tables/${table.id}/members`, territorial, {
      organisationId: 'anci',
      role: 'OBSERVER',
      validFrom: '2026-01-01',
    });
    const meeting = await call(http, 'post', `/api/v1/technical-tables/${table.id}/meetings`, territorial, {
      startsAt: `${EVENT_DAY}T10:00:00+01:00`,
      place: 'Sede INPS',
      agenda: 'Avvio',
    });
    const issue = await call(http, 'post', `/api/v1/technical-tables/${table.id}/issues`, territorial, {
      title: 'Sportello',
      description: 'Orari',
      raisedAt: TODAY,
    });
    const screening = await call(http, 'post', '/api/v1/screenings', operator, { mode: 'operator', territory: s.comune, language: 'it' });
    const firstQuestion = (screening.nextQuestion as { id: string }).id;
    await call(http, 'post', `/api/v1/screenings/${screening.id}/complete`, operator);
    const key = await call(http, 'post', `/api/v1/organisations/${s.org}/api-keys`, partnerAdmin, { label: `Matrice ${s.org}` });
    const report = await call(http, 'post', '/api/v1/reports', t.central, { semester: LAST_SEMESTER, territory: s.region });
    return {
      side: <Side>{
        ...s,
        agreementId: agreement.id,
        documentId: (up.body as { id: string }).id,
        eventId: event.id,
        requestId: request.id,
        referentId: referent.id,
        tableId: table.id,
        memberId: member.id,
        spareMemberId: spare.id,
        meetingId: meeting.id,
        issueId: issue.id,
        screeningId: screening.id,
        resumeCode: screening.resumeCode as string,
        apiKeyId: key.id,
        reportId: report.id,
        followUpId: NO_SUCH_ID,
      },
      firstQuestion,
    };
  };
  const own = await side({ org: 'caritas-roma', region: '12', comune: '058091', unit: 'dr-lazio' }, t.territorial, t.operator, t.partner_admin);
  const other = await side(
    { org: 'caritas-torino', region: '01', comune: '001272', unit: 'dr-piemonte' },
    torino.territorial,
    torino.operator,
    torino.partner_admin,
  );

  // Monitoring: give it what its event consumers would have recorded (see monitoring-seed.ts), then file a
  // follow-up and a draft return on each side. Without that, follow-up routes run on an unknown id.
  const province = (comune: string) => comune.slice(0, 3);
  await seedMonitoring(monitoringDatabaseUrl, {
    agreements: [own.side, other.side].map((x) => ({ agreementId: x.agreementId, org: x.org, comune: x.comune })),
    screenings: [own.side, other.side].map((x) => ({
      screeningId: x.screeningId,
      org: x.org,
      comune: x.comune,
      province: province(x.comune),
      region: x.region,
      day: TODAY,
    })),
  });
  let followUpsCreated = false;
  {
    const until = async (attempt: () => Promise<Response>): Promise<Response> => {
      for (let i = 0; ; i++) {
        const res = await attempt();
        if (res.status < 400 || i >= 3) return res;
        await new Promise((r) => setTimeout(r, 250));
      }
    };
    const followUp = (s: Side, operator: string) =>
      until(() =>
        http
          .post('/api/v1/follow-ups')
          .set('authorization', `Bearer ${operator}`)
          .send({ screeningId: s.screeningId, needs: ['ISEE'], help: [{ type: 'ISEE' }] }),
      );
    const fOwn = await followUp(own.side, t.operator);
    const fOther = await followUp(other.side, torino.operator);
    if (fOwn.status === 201 && fOther.status === 201) {
      followUpsCreated = true;
      own.side = { ...own.side, followUpId: (fOwn.body as { id: string }).id };
      other.side = { ...other.side, followUpId: (fOther.body as { id: string }).id };
    }
    const draft = (s: Side, admin: string) =>
      until(() => http.put(`/api/v1/returns/${s.org}/${s.comune}/${LAST_SEMESTER}`).set('authorization', `Bearer ${admin}`).send(returnBody()));
    const rOwn = await draft(own.side, t.partner_admin);
    const rOther = await draft(other.side, torino.partner_admin);
    returnsFiled = rOwn.status < 300 && rOther.status < 300;
  }

  const self = async (complete: boolean) => {
    const s = await call(http, 'post', '/api/v1/screenings', undefined, { mode: 'self', language: 'it' });
    const questionId = (s.nextQuestion as { id: string }).id;
    if (complete) await call(http, 'post', `/api/v1/screenings/${s.id}/complete`, undefined);
    return { id: s.id, resumeCode: s.resumeCode as string, questionId };
  };
  const exchange = await call(http, 'post', '/api/v1/organisations/caritas-roma/api-keys', t.partner_admin, { label: 'Matrice scambio' });
  const national = await call(http, 'post', '/api/v1/reports', t.central, { semester: LAST_SEMESTER });

  return {
    frameworkId: fw.id,
    own: own.side,
    other: other.side,
    selfOpen: await self(false),
    selfDone: await self(true),
    ownAnsweredQuestion: own.firstQuestion,
    exchangeKey: (exchange as unknown as { key: string }).key,
    nationalReportId: national.id,
    followUpsCreated,
    returnsFiled,
    tokens: t,
    seq,
    version: async (path) => (await call(http, 'get', path, t.central)).version,
  };
}
