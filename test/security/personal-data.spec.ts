/**
 * Security #4: after a run of screenings (self and operator) through the gateway, with a
 * recognisable User-Agent, X-Forwarded-For and tokens, nothing personal is kept anywhere:
 *   - every text/json/array column of every table of the questionnaire and monitoring databases:
 *     no IP address, no user agent, no bearer token / JWT, no operator subject (the token `sub`),
 *     no free text; and no instant (timestamp with time of day) on a row that carries a screening;
 *   - the captured logs of the gateway and of the three services and their workers;
 *   - the BullMQ data in Redis under the stack's queue prefix, where no key may name a screening's
 *     event (a job hash, a completed set, an events stream each carry the instant it was handled;
 *     the PostgreSQL backend's tables are checked by queue-store-instants.spec.ts);
 *   - the semester report (JSON and CSV) requested by central.
 * The services run through a local copy of stack.ts's start that captures their logs
 * (support/security-stack.ts: startLoggedStack).
 */
import { addDays, romeDate } from '@inps/kernel';
import { eventually, FixedClock, programmeOverHttp, testQueuePrefix } from '@inps/shared';
import { semesterLastDay, semesterOf } from '../../services/monitoring/src/domain/semester';
import { startGateway, type RunningGateway } from '../../services/gateway/test/stack';
import { auth, dumpColumns, dumpRedis, LogSink, startLoggedStack, withDb, type ColumnDump, type SecurityStack } from './support/security-stack';

jest.setTimeout(300_000);

const UA = 'SecProbeBrowser/9.9 (marker-ua-7f3a9c; Linux)';
const XFF = '203.0.113.77';
const OP_SUB = 'op-subject-4b1c9e2d';
const PA_SUB = 'pa-subject-8e2f71aa';
const FREE_TEXT = 'Mario Rossi via Appia 12 tel 3331234567';
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/;
const IPV4 = /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/;
const IPV6_MAPPED = /::ffff:\d/i;

/** What must never be kept: each finding names the marker. */
function findPersonal(text: string, extra: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const [name, marker] of [
    ['user agent', 'marker-ua-7f3a9c'],
    ['user agent', 'SecProbeBrowser'],
    ['forwarded address', XFF],
    ['operator subject', OP_SUB],
    ['free text', 'Mario Rossi'],
    ['free text', '3331234567'],
    ...extra.map((e) => ['token', e] as const),
  ] as const) {
    if (text.includes(marker)) found.push(`${name} (${marker})`);
  }
  if (JWT.test(text)) found.push(`JWT-looking string (${JWT.exec(text)?.[0].slice(0, 24)}…)`);
  const ip = IPV4.exec(text);
  if (ip) found.push(`IP address (${ip[0]})`);
  if (IPV6_MAPPED.test(text)) found.push('IPv6-mapped address');
  return found;
}

describe('no personal data is kept (DB, logs, queues, reports)', () => {
  const today = romeDate(new Date());
  const semester = semesterOf(today).id;
  const monitoringClock = new FixedClock(`${addDays(semesterLastDay(semester), 10)}T09:00:00Z`);
  const queuePrefix = testQueuePrefix('secpii');
  const logs = new LogSink();
  let stack: SecurityStack;
  let gw: RunningGateway;
  const tok: Record<string, string> = {};
  const screeningIds: string[] = [];
  const resumeCodes: string[] = [];
  let reportJson = '';
  let reportCsv = '';

  const headers = (token?: string): Record<string, string> => ({ 'user-agent': UA, 'x-forwarded-for': XFF, ...(token ? auth(token) : {}) });

  async function screen(start: Record<string, unknown>, persona: Record<string, unknown>, token?: string) {
    let s = await gw.http.post('/api/v1/screenings').set(headers(token)).send(start);
    expect(s.status).toBe(201);
    screeningIds.push(s.body.id);
    resumeCodes.push(s.body.resumeCode);
    let triedFreeText = false;
    for (let step = 0; step < 60 && s.body.status === 'IN_PROGRESS'; step++) {
      const q = s.body.nextQuestion as { id: string; fact: string; type: string; options?: { value: string }[] };
      if (!triedFreeText) {
        // Free text where an answer is expected is refused (the answer stays unanswered).
        triedFreeText = true;
        const refused = await gw.http.post(`/api/v1/screenings/${s.body.id}/answers`).set(headers(token)).send({ questionId: q.id, value: FREE_TEXT });
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(refused.status).toBeLessThan(500);
      }
      const fallback = q.type === 'boolean' ? false : q.type === 'choice' ? q.options?.[0]?.value : q.fact === 'householdSize' ? 1 : 0;
      s = await gw.http
        .post(`/api/v1/screenings/${s.body.id}/answers`)
        .set(headers(token))
        .send({ questionId: q.id, value: persona[q.fact] ?? fallback });
      if (s.status !== 200) throw new Error(`answer ${q.id} (${q.type}): ${s.status} ${s.text.slice(0, 300)}`);
    }
    expect(s.body.status).toBe('COMPLETED');
    return s.body as { id: string; outcome: { benefits: { id: string; status: string }[] } };
  }

  beforeAll(async () => {
    stack = await startLoggedStack(
      {
        questionnaire: { queuePrefix, worker: true },
        agreements: { queuePrefix, worker: true },
        monitoring: { queuePrefix, worker: true, clock: monitoringClock },
      },
      logs,
    );
    // One proxy hop trusted: the gateway believes X-Forwarded-For (for its anonymous rate limit).
    gw = await startGateway(stack, { TRUST_PROXY_HOPS: '1' }, logs);
    tok.central = await stack.tokens.forRole('central', { sub: 'central-subject-1', territories: ['IT'] });
    tok.territorial = await stack.tokens.territorial(['12']);
    tok.operator = await stack.tokens.forRole('operator', { sub: OP_SUB, org: 'caritas-roma' });
    tok.partnerAdmin = await stack.tokens.forRole('partner_admin', { sub: PA_SUB, org: 'caritas-roma' });

    // An active agreement for caritas-roma in Rome (so that it is expected to report).
    const programme = programmeOverHttp(gw.http, { central: tok.central, territorial: tok.territorial });
    const fw = await programme.signedFramework({ code: 'PII-QUADRO', signedOn: today });
    await programme.signedTerritorial({ parentId: fw.id, code: 'PII-ROMA', signedOn: today });

    // Screenings: two self-assessments (anonymous) and two by the operator, one with unknown extra fields.
    const elderly = { age: 71, citizenship: 'IT', yearsOfResidenceInItaly: 71, maritalStatus: 'WIDOWED', personalIncome: 4000, householdSize: 1 };
    const young = { age: 34, yearsOfResidenceInItaly: 6, personalIncome: 9000, householdSize: 3 };
    const self = await screen({ mode: 'self', language: 'en', territory: '058091' }, elderly);
    // Unknown free-text fields are refused, not stored.
    const sneaky = await gw.http.post('/api/v1/screenings').set(headers()).send({ mode: 'self', language: 'it', territory: '058091', note: FREE_TEXT });
    expect(sneaky.status).toBeGreaterThanOrEqual(400);
    expect(sneaky.status).toBeLessThan(500);
    await screen({ mode: 'self', language: 'it', territory: '058091' }, young);
    const op1 = await screen({ mode: 'operator', language: 'it', territory: '058091', channel: 'desk' }, elderly, tok.operator);
    const op2 = await screen({ mode: 'operator', language: 'it', territory: '058091', channel: 'gazebo' }, young, tok.operator);

    // Follow-ups (monitoring learns of screenings through the queue), one with an unknown free-text field.
    const followUp = (screeningId: string, body: object) =>
      eventually(
        `screening ${screeningId} in monitoring`,
        async () => {
          const res = await gw.http
            .post('/api/v1/follow-ups')
            .set(headers(tok.operator))
            .send({ screeningId, day: today, ...body });
          if (res.status === 404 || (res.status === 422 && JSON.stringify(res.body).includes('screening'))) return undefined;
          return res;
        },
        { timeoutMs: 60_000, everyMs: 250 },
      );
    const benefit = op1.outcome.benefits.find((b) => b.status === 'LIKELY_ELIGIBLE')?.id;
    const f1 = await followUp(op1.id, {
      needs: ['INCOME_SUPPORT', 'ISEE'],
      help: [{ type: 'ISEE' }, ...(benefit ? [{ type: 'APPLICATION', benefitId: benefit }] : [])],
    });
    expect(f1.status).toBe(201);
    const sneakyFollowUp = await followUp(self.id, { needs: ['DIGITAL_IDENTITY'], help: [{ type: 'DIGITAL_IDENTITY', note: FREE_TEXT }], note: FREE_TEXT });
    expect(sneakyFollowUp.status).toBeLessThan(500);
    if (sneakyFollowUp.status >= 400) {
      const f2 = await followUp(self.id, { needs: ['DIGITAL_IDENTITY'], help: [{ type: 'DIGITAL_IDENTITY' }] });
      expect(f2.status).toBe(201);
    }
    await followUp(op2.id, { needs: ['DIGITAL_IDENTITY'], help: [{ type: 'DIGITAL_IDENTITY' }] });
    if (benefit) {
      await gw.http
        .patch(`/api/v1/follow-ups/${f1.body.id}`)
        .set(headers(tok.operator))
        .send({ benefitId: benefit, result: 'GRANTED', resultDate: today })
        .expect(200);
    }

    // The partner's return, then the report for Lazio.
    const returnPath = `/api/v1/returns/caritas-roma/058091/${semester}`;
    await eventually(
      'caritas-roma to be expected to report',
      async () => {
        const res = await gw.http
          .put(returnPath)
          .set(headers(tok.partnerAdmin))
          .send({
            datasetVersion: '2026.1',
            values: {
              peopleContacted: { total: 37 },
              peopleTakenInCharge: { total: 3 },
              needsFound: { total: 4, byNeedType: { INCOME_SUPPORT: 1, ISEE: 1, DIGITAL_IDENTITY: 2 } },
              needsResolved: { total: 2 },
              helpGiven: { total: 4 },
              applicationsFiled: { total: 1, byOutcome: { GRANTED: 1, REJECTED: 0, PENDING: 0 } },
              applicationsGranted: { total: 1 },
              applicationsRejected: { total: 0 },
            },
          });
        if (res.status === 422 && res.body.error.details?.[0]?.field === 'territory') return undefined;
        expect(res.status).toBe(200);
        return res.body;
      },
      { timeoutMs: 60_000, everyMs: 250 },
    );
    await gw.http.post(`${returnPath}/transitions`).set(headers(tok.partnerAdmin)).send({ action: 'submit' }).expect(200);
    await gw.http.post(`${returnPath}/transitions`).set(auth(tok.central)).send({ action: 'accept' }).expect(200);

    const asked = await gw.http.post('/api/v1/reports').set(headers(tok.central)).send({ semester, territory: '12' }).expect(202);
    await eventually(
      'the report to be compiled',
      async () => {
        const res = await gw.http.get(`/api/v1/reports/${asked.body.id}`).set(auth(tok.central)).expect(200);
        expect(res.body.status).not.toBe('FAILED');
        return res.body.status === 'COMPLETED' ? res.body : undefined;
      },
      { timeoutMs: 120_000, everyMs: 250 },
    );
    const download = async (format: string) =>
      (
        (
          await gw.http
            .get(`/api/v1/reports/${asked.body.id}/files/${format}`)
            .set(auth(tok.central))
            .buffer(true)
            .parse((res, cb) => {
              const chunks: Buffer[] = [];
              res.on('data', (c: Buffer) => chunks.push(c));
              res.on('end', () => cb(null, Buffer.concat(chunks)));
            })
            .expect(200)
        ).body as Buffer
      ).toString('utf8');
    reportJson = await download('json');
    reportCsv = await download('csv');
    // Let the outbox relays and consumers settle.
    await new Promise((r) => setTimeout(r, 1500));
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  const tokens = () => Object.values(tok).flatMap((t) => [t, t.split('.')[1] as string, t.split('.')[2] as string]);

  const scanDb = async (service: 'questionnaire' | 'monitoring') => {
    const columns = await dumpColumns(stack.databases[service]);
    const findings: string[] = [];
    for (const c of columns) {
      for (const v of c.values) for (const f of findPersonal(v, tokens())) findings.push(`${service} ${c.table}.${c.column}: ${f}`);
    }
    return { columns, findings: [...new Set(findings)] };
  };

  it('the questionnaire database holds nothing personal', async () => {
    const { columns, findings } = await scanDb('questionnaire');
    // The scan did see the screenings (so it can fail).
    expect(columns.some((c) => c.table.endsWith('.screening') && c.column === 'answers' && c.values.length >= 4)).toBe(true);
    expect(findings).toEqual([]);
  });

  it('the monitoring database holds nothing personal', async () => {
    const { columns, findings } = await scanDb('monitoring');
    expect(columns.some((c) => c.table.endsWith('.screening_outcome') && c.values.length >= 4)).toBe(true);
    expect(findings).toEqual([]);
  });

  it.each(['questionnaire', 'monitoring'] as const)('%s keeps days, not instants, on every row that carries a screening', async (service) => {
    const findings: string[] = [];
    {
      const columns: ColumnDump[] = await dumpColumns(stack.databases[service]);
      const tables = [...new Set(columns.map((c) => c.table))];
      await withDb(stack.databases[service], async (db) => {
        for (const table of tables) {
          const [schema, name] = table.split('.') as [string, string];
          const { rows: cols } = await db.query<{ column_name: string; data_type: string }>(
            'SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2',
            [schema, name],
          );
          const stamps = cols.filter((c) => c.data_type.startsWith('timestamp')).map((c) => c.column_name);
          if (stamps.length === 0) continue;
          const has = (n: string) => cols.some((c) => c.column_name === n);
          // A row carries a screening when it is one, names one, or its JSON payload names one.
          let where: string | undefined;
          if (name === 'screening') where = 'TRUE';
          else if (has('screening_id')) where = 'screening_id IS NOT NULL';
          else if (has('payload')) where = `payload::text LIKE '%screeningId%'`;
          // A remembered answer (Idempotency-Key) can name a screening too; sealed, it cannot be read, so any one counts.
          else if (has('sealed_response')) where = 'sealed_response IS NOT NULL';
          // A consumer's memory of a screening event: joined on the event id, its time is the screening's.
          else if (has('event_id') && has('event_type')) where = `event_type LIKE 'screening.%'`;
          if (!where) continue;
          for (const s of stamps) {
            const { rows } = await db.query<{ n: string }>(`SELECT count(*) n FROM "${schema}"."${name}" WHERE ${where} AND "${s}" IS NOT NULL`);
            const n = Number(rows[0]?.n);
            if (n > 0) findings.push(`${service} ${table}.${s}: ${n} row(s) with an instant beside screening data`);
          }
        }
      });
    }
    expect(findings).toEqual([]);
  });

  it('the logs (gateway, services, workers) hold nothing personal', () => {
    // The capture works: lines from the gateway and from the services.
    const services = new Set(logs.lines.map((l) => (JSON.parse(l) as { service?: string }).service));
    expect([...services].sort()).toEqual(expect.arrayContaining(['agreements', 'gateway', 'monitoring', 'questionnaire']));
    const findings = new Set<string>();
    for (const line of logs.lines) {
      for (const f of findPersonal(line, tokens())) findings.add(`${f} in: ${line.slice(0, 300)}`);
      for (const id of [...screeningIds, ...resumeCodes]) if (line.includes(id)) findings.add(`screening id / resume code ${id} in: ${line.slice(0, 300)}`);
    }
    expect([...findings].slice(0, 20)).toEqual([]);
  });

  it('the BullMQ data under the queue prefix holds nothing personal', async () => {
    const entries = await dumpRedis(queuePrefix);
    // The queues are there (their meta keys); the events' jobs are gone once done (next test).
    expect(entries.length).toBeGreaterThan(0);
    const findings = new Set<string>();
    for (const e of entries) for (const f of findPersonal(e.text, tokens())) findings.add(`${e.key}: ${f}`);
    expect([...findings].slice(0, 20)).toEqual([]);
  });

  it('the BullMQ job payloads carry days, not instants, beside screening data', async () => {
    const entries = await dumpRedis(queuePrefix);
    const jobs = entries
      .map((e) => {
        try {
          const hash = JSON.parse(e.text) as { data?: string };
          return typeof hash.data === 'string' && hash.data.includes('screeningId') ? { key: e.key, data: hash.data } : undefined;
        } catch {
          return undefined;
        }
      })
      .filter((j): j is { key: string; data: string } => j !== undefined);
    // Done event jobs are deleted at once (decision 0014), so usually none is left to look at.
    const instant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?/;
    const findings = jobs.filter((j) => instant.test(j.data)).map((j) => `${j.key}: ${instant.exec(j.data)?.[0]} in ${j.data.slice(0, 160)}`);
    expect(findings.slice(0, 5)).toEqual([]);
  });

  it('no BullMQ key names a screening event: each would carry the instant it was handled', async () => {
    // An event's job id is its outbox event id, which monitoring keeps beside the screening
    // (processed_event): a job hash's timestamp/processedOn/finishedOn, a completed or failed set's
    // score, an events stream's entry id (milliseconds) would each date the screening to the instant.
    const eventIds = await withDb(stack.databases.questionnaire, async (db) => {
      const { rows } = await db.query<{ id: string }>(`SELECT id FROM questionnaire.outbox_event WHERE payload::text LIKE ANY($1)`, [
        screeningIds.map((id) => `%${id}%`),
      ]);
      return rows.map((r) => r.id);
    });
    // The screenings did leave as events (so the scan can fail).
    expect(eventIds.length).toBeGreaterThanOrEqual(4);
    const entries = await dumpRedis(queuePrefix);
    expect(entries.some((e) => e.key.endsWith(':meta'))).toBe(true);
    const findings = new Set<string>();
    for (const e of entries) {
      for (const id of eventIds) if (e.key.includes(id) || e.text.includes(id)) findings.add(`${e.key} names screening event ${id}`);
    }
    expect([...findings].slice(0, 20)).toEqual([]);
  });

  it('the semester report (JSON and CSV) holds nothing personal nor any screening id', () => {
    expect(reportJson).toContain('screening.completed');
    expect(reportCsv.length).toBeGreaterThan(50);
    const findings: string[] = [];
    for (const [name, text] of [
      ['json', reportJson],
      ['csv', reportCsv],
    ] as const) {
      for (const f of findPersonal(text, tokens())) findings.push(`${name}: ${f}`);
      for (const id of [...screeningIds, ...resumeCodes, PA_SUB]) if (text.includes(id)) findings.push(`${name}: ${id}`);
    }
    expect(findings).toEqual([]);
  });
});
