import { Workbook } from 'exceljs';
import { addDays, romeDate } from '@inps/kernel';
import { eventually, FixedClock, programmeOverHttp } from '@inps/shared';
import { semesterLastDay, semesterOf } from '../services/monitoring/src/domain/semester';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';

/**
 * The whole programme through the gateway only, with every worker running: a territorial user files
 * an agreement, central reviews and approves it and it becomes active; the Lazio directorate plans
 * an outreach event and asks for a mobile unit in time, which central approves, and holds a meeting of
 * the local technical table; a person screens herself and an operator screens two more; the operator
 * records the help given and its result; the partner files its six-monthly return for Roma and central
 * accepts it; the semiannual report job runs; central downloads the JSON, PDF and XLSX, and they show
 * those numbers: the mobile-unit request, the meeting, the review, and the follow-ups beside the return.
 *
 * Screenings and agreements happen today; the monitoring service (its API and worker) runs on a
 * FixedClock set just after today's semester has ended, so the return can be filed and the report
 * compiled for the semester the screenings fell in.
 */
describe('end to end through the gateway', () => {
  jest.setTimeout(600_000);

  const today = romeDate(new Date());
  const semester = semesterOf(today).id;
  const monitoringClock = new FixedClock(`${addDays(semesterLastDay(semester), 10)}T09:00:00Z`);
  let stack: Stack;
  let gw: RunningGateway;
  let tokens: { central: string; territorial: string; operator: string; partnerAdmin: string };

  beforeAll(async () => {
    const queuePrefix = `e2e${process.pid}${Date.now().toString(36)}`;
    stack = await startStack({
      questionnaire: { queuePrefix, worker: true },
      agreements: { queuePrefix, worker: true },
      monitoring: { queuePrefix, worker: true, clock: monitoringClock },
    });
    gw = await startGateway(stack);
    tokens = {
      central: await stack.tokens.central(),
      territorial: await stack.tokens.territorial(['12']),
      operator: await stack.tokens.operator('caritas-roma'),
      partnerAdmin: await stack.tokens.partnerAdmin('caritas-roma'),
    };
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  // Bounded polls, not timings: generous, because a loaded 2-core CI machine can take minutes.
  const SLOW = { timeoutMs: 180_000, everyMs: 250 };

  /** Answers each question from the persona, the most modest answer for the rest, until completed. */
  async function screen(start: object, persona: Record<string, unknown>, headers: Record<string, string> = {}) {
    let s = await gw.http.post('/api/v1/screenings').set(headers).send(start).expect(201);
    for (let step = 0; step < 60 && s.body.status === 'IN_PROGRESS'; step++) {
      const q = s.body.nextQuestion as { id: string; fact: string; type: string; options?: { value: string }[] };
      const fallback = q.type === 'boolean' ? false : q.type === 'choice' ? q.options?.[0]?.value : q.fact === 'householdSize' ? 1 : 0;
      s = await gw.http
        .post(`/api/v1/screenings/${s.body.id}/answers`)
        .set(headers)
        .send({ questionId: q.id, value: persona[q.fact] ?? fallback })
        .expect(200);
    }
    expect(s.body.status).toBe('COMPLETED');
    return s.body as { id: string; outcome: { benefits: { id: string; status: string }[] } };
  }

  it('runs the programme from agreement to report', async () => {
    // 1. Agreements: the framework (central), a territorial agreement filed by the Lazio directorate.
    const programme = programmeOverHttp(gw.http, { central: tokens.central, territorial: tokens.territorial });
    const fw = await programme.signedFramework({ code: 'E2E-QUADRO', signedOn: today });
    const signed = await programme.signedTerritorial({ parentId: fw.id, code: 'E2E-ROMA', signedOn: today });
    expect(signed.status).toBe('SIGNED');
    await programme.untilActive(signed.id, SLOW.timeoutMs);

    // 1b. An outreach event in 20 days, a mobile unit asked for in time and approved (mobile-unit-request.decided).
    const inDays = (days: number, hour: number) => `${addDays(today, days)}T${String(hour).padStart(2, '0')}:00:00+01:00`;
    const event = await gw.http
      .post('/api/v1/outreach-events')
      .set(auth(tokens.territorial))
      .send({
        agreementId: signed.id,
        organisationId: 'caritas-roma',
        territoryCode: '058091',
        venueType: 'SOUP_KITCHEN',
        venueName: 'Mensa di via Marsala',
        startsAt: inDays(20, 9),
        endsAt: inDays(20, 13),
      })
      .expect(201);
    const mobileUnit = await gw.http
      .post('/api/v1/mobile-unit-requests')
      .set(auth(tokens.territorial))
      .send({ eventId: event.body.id, stationKind: 'CAMPER', availableSpace: 'Cortile, 30 m²' })
      .expect(201);
    await gw.http
      .post(`/api/v1/mobile-unit-requests/${mobileUnit.body.id}/transitions`)
      .set(auth(tokens.central))
      .send({ action: 'approve', version: mobileUnit.body.version })
      .expect(200);

    // 1c. The local technical table of Roma meets, with its minutes (technical-table-meeting.held).
    const minutes = await gw.http
      .post(`/api/v1/agreements/${signed.id}/documents`)
      .query({ name: 'Verbale-tavolo.pdf' })
      .set(auth(tokens.central))
      .set('content-type', 'application/pdf')
      .send(Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n'))
      .expect(201);
    const table = await gw.http
      .post('/api/v1/technical-tables')
      .set(auth(tokens.territorial))
      .send({ name: 'Tavolo Roma', level: 'LOCAL', territoryCode: '058091', agreementId: signed.id })
      .expect(201);
    const meeting = await gw.http
      .post(`/api/v1/technical-tables/${table.body.id}/meetings`)
      .set(auth(tokens.territorial))
      .send({ startsAt: new Date(Date.now() - 3_600_000).toISOString(), place: 'Sede INPS', agenda: 'Avvio' })
      .expect(201);
    await gw.http
      .post(`/api/v1/technical-tables/${table.body.id}/meetings/${meeting.body.id}/transitions`)
      .set(auth(tokens.territorial))
      .send({ action: 'mark_held', version: meeting.body.version, minutesDocumentId: minutes.body.id })
      .expect(200);

    // 2. Screenings: one self-assessment (anonymous), one by a Caritas operator.
    const elderly = { age: 71, citizenship: 'IT', yearsOfResidenceInItaly: 71, maritalStatus: 'WIDOWED', personalIncome: 4000, householdSize: 1 };
    const self = await screen({ mode: 'self', language: 'en', territory: '058091' }, elderly);
    const operated = await screen({ mode: 'operator', language: 'it', territory: '058091', channel: 'desk' }, elderly, auth(tokens.operator));
    // In Fiumicino, which the partner's return (for Roma) does not cover.
    const fiumicino = await screen({ mode: 'operator', language: 'it', territory: '058120', channel: 'desk' }, elderly, auth(tokens.operator));
    const likely = operated.outcome.benefits.filter((b) => b.status === 'LIKELY_ELIGIBLE').map((b) => b.id);
    expect(likely.length).toBeGreaterThan(0);
    const benefit = likely[0] as string;

    // 3. Follow-ups: the monitoring service learns of a screening through the queue, so it may take a moment.
    const followUp = async (screeningId: string, body: object) =>
      eventually(
        `screening ${screeningId} to reach monitoring`,
        async () => {
          const res = await gw.http
            .post('/api/v1/follow-ups')
            .set(auth(tokens.operator))
            .send({ screeningId, day: today, ...body });
          if (res.status === 404) return undefined;
          expect(res.status).toBe(201);
          return res.body as { id: string };
        },
        SLOW,
      );
    const applied = await followUp(operated.id, { needs: ['INCOME_SUPPORT', 'ISEE'], help: [{ type: 'ISEE' }, { type: 'APPLICATION', benefitId: benefit }] });
    await followUp(self.id, { needs: ['DIGITAL_IDENTITY'], help: [{ type: 'DIGITAL_IDENTITY' }] });
    await followUp(fiumicino.id, { needs: ['HOUSING'], help: [{ type: 'REFERRAL_COMUNE' }] });
    await gw.http
      .patch(`/api/v1/follow-ups/${applied.id}`)
      .set(auth(tokens.operator))
      .send({ benefitId: benefit, result: 'GRANTED', resultDate: today })
      .expect(200);

    // 4. The partner's return for the semester, accepted by central.
    const returnPath = `/api/v1/returns/caritas-roma/058091/${semester}`;
    await eventually(
      'caritas-roma to be expected to report (agreement.activated consumed)',
      async () => {
        const res = await gw.http
          .put(returnPath)
          .set(auth(tokens.partnerAdmin))
          .send({
            datasetVersion: '2026.1',
            values: {
              peopleContacted: { total: 37 },
              peopleTakenInCharge: { total: 2 },
              needsFound: { total: 3, byNeedType: { INCOME_SUPPORT: 1, ISEE: 1, DIGITAL_IDENTITY: 1 } },
              needsResolved: { total: 2 },
              helpGiven: { total: 3 },
              applicationsFiled: { total: 1, byOutcome: { GRANTED: 1, REJECTED: 0, PENDING: 0 } },
              applicationsGranted: { total: 1 },
              applicationsRejected: { total: 0 },
            },
          });
        if (res.status === 422 && res.body.error.details?.[0]?.field === 'territory') return undefined;
        expect(res.status).toBe(200);
        return res.body;
      },
      SLOW,
    );
    await gw.http.post(`${returnPath}/transitions`).set(auth(tokens.partnerAdmin)).send({ action: 'submit' }).expect(200);
    await gw.http.post(`${returnPath}/transitions`).set(auth(tokens.central)).send({ action: 'accept' }).expect(200);

    // 5. The report for Lazio, compiled by the monitoring worker's job.
    const asked = await gw.http.post('/api/v1/reports').set(auth(tokens.central)).send({ semester, territory: '12' }).expect(202);
    const report = await eventually(
      'the report to be compiled',
      async () => {
        const res = await gw.http.get(`/api/v1/reports/${asked.body.id}`).set(auth(tokens.central)).expect(200);
        expect(res.body.status).not.toBe('FAILED');
        return res.body.status === 'COMPLETED' ? res.body : undefined;
      },
      SLOW,
    );
    expect(report.files).toEqual(expect.arrayContaining(['json', 'xlsx', 'pdf']));

    const download = (format: string) =>
      gw.http
        .get(`/api/v1/reports/${asked.body.id}/files/${format}`)
        .set(auth(tokens.central))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        })
        .expect(200);

    type Row = {
      indicatorId: string;
      numerator: unknown;
      denominator: unknown;
      value: unknown;
      breakdowns: { breakdown: string; categories: { category: string; numerator: unknown }[] }[];
    };
    const json = JSON.parse(((await download('json')).body as Buffer).toString('utf8')) as {
      keyFigures: { indicatorId: string; label: { en: string }; value: unknown }[];
      indicators: Row[];
      returns: { total: { expected: unknown; received: unknown } } | null;
    };
    const figure = (id: string) => json.keyFigures.find((k) => k.indicatorId === id);
    const indicator = (id: string) => json.indicators.find((i) => i.indicatorId === id);
    const cells = (id: string, breakdown: string) =>
      Object.fromEntries((indicator(id)?.breakdowns.find((b) => b.breakdown === breakdown)?.categories ?? []).map((c) => [c.category, c.numerator]));
    expect(figure('screening.completed')?.value).toBe(3);
    // The return's 2 people (Roma, its follow-ups there included) and the follow-up in Fiumicino.
    expect(figure('takenInCharge.new')?.value).toBe(3);
    expect(cells('takenInCharge.new', 'source')).toEqual({ FOLLOW_UPS: 1, RETURNS: 2 });
    expect(cells('needs.found', 'source')).toEqual({ FOLLOW_UPS: 1, RETURNS: 3 });
    expect(cells('help.given', 'source')).toEqual({ FOLLOW_UPS: 1, RETURNS: 3 });
    expect(figure('help.applicationsFiled')?.value).toBe(1);
    expect(json.returns?.total).toMatchObject({ expected: 1, received: 1 });
    // The mobile unit asked for 20 days ahead: one request, in time.
    expect(indicator('activity.mobileUnitRequestsOnTime')).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
    // Fed by the agreements service's agreement.reviewed and technical-table-meeting.held: the
    // review of E2E-ROMA (submitted and approved today: 0 days) and the meeting of Roma's local table.
    expect(indicator('governance.medianReviewDays')).toMatchObject({ numerator: 1, value: 0 });
    expect(indicator('governance.technicalTableMeetings')).toMatchObject({ value: 1 });
    expect(cells('governance.technicalTableMeetings', 'tableLevel')).toEqual({ LOCAL: 1, CENTRAL: 0 });

    const xlsx = new Workbook();
    await xlsx.xlsx.load((await download('xlsx')).body as never);
    const summary = xlsx.getWorksheet('Sintesi');
    const valueOf = (label: string): unknown => {
      let found: unknown;
      summary?.eachRow((row) => {
        if (row.getCell(2).value === label) found = row.getCell(3).value;
      });
      return found;
    };
    expect(valueOf(figure('screening.completed')?.label.en as string)).toBe(3);
    expect(valueOf(figure('takenInCharge.new')?.label.en as string)).toBe(3);
    expect(valueOf(figure('help.applicationsFiled')?.label.en as string)).toBe(1);

    const pdf = (await download('pdf')).body as Buffer;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
  });

  it('lets a partner app call with an API key that the gateway trades for a token', async () => {
    const created = await gw.http
      .post('/api/v1/organisations/caritas-roma/api-keys')
      .set(auth(tokens.partnerAdmin))
      .send({ label: 'App sportello' })
      .expect(201);
    const withKey = await gw.http.get('/api/v1/follow-ups').set('x-api-key', created.body.key).expect(200);
    expect(Array.isArray(withKey.body.items ?? withKey.body)).toBe(true);
    const listed = await gw.http.get('/api/v1/organisations/caritas-roma/api-keys').set(auth(tokens.partnerAdmin)).expect(200);
    expect(listed.body.items[0].lastUsedAt).not.toBeNull();
    const refused = await gw.http
      .get('/api/v1/follow-ups')
      .set('x-api-key', `${created.body.key.slice(0, -2)}xx`)
      .expect(401);
    expect(refused.body.error.code).toBe('INVALID_API_KEY');
    // A partner app acts for its own organisation only.
    await gw.http.get('/api/v1/organisations/caritas-roma/api-keys').set('x-api-key', created.body.key).expect(403);
  });
});
