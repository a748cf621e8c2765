import { romeDate } from '@inps/kernel';
import { eventually } from '@inps/shared';
import { createInpsClient, unwrap, type InpsClient, type Schema } from '@inps/client';
import { letters, pdfText } from '../services/questionnaire/test/support/pdf-text';
import { startGateway, startStack, type RunningGateway, type Stack } from '../services/gateway/test/stack';

/**
 * The journey of the issue "the screening for the people it is for", through the real gateway: a
 * person screened in Romanian who can answer nothing ("nu știu" to every question), the outcome with
 * what to find out and where to go, the take-away sheet in Romanian with the Italian beside it, and
 * the don't-know answers counted by monitoring, fact by fact, from the completion event.
 */
describe('end to end in another language: a Romanian screening answered "don\'t know", its sheet, the monitoring count', () => {
  jest.setTimeout(600_000);

  const today = romeDate(new Date());
  const semester = `${today.slice(0, 4)}S${Number(today.slice(5, 7)) <= 6 ? 1 : 2}`;
  let stack: Stack;
  let gw: RunningGateway;
  let anonymous: InpsClient;
  let central: InpsClient;

  beforeAll(async () => {
    const queuePrefix = `e2el${process.pid}${Date.now().toString(36)}`;
    stack = await startStack({
      questionnaire: { queuePrefix, worker: true },
      agreements: { queuePrefix, worker: true },
      monitoring: { queuePrefix, worker: true },
    });
    gw = await startGateway(stack);
    anonymous = createInpsClient({ baseUrl: gw.url });
    central = createInpsClient({ baseUrl: gw.url, token: await stack.tokens.central() });
  });
  afterAll(async () => {
    await gw?.close();
    await stack?.close();
  });

  it('goes from a screening in Romanian to its sheet and to the monitoring count of "don\'t know" answers', async () => {
    const started = unwrap(await anonymous.POST('/api/v1/screenings', { body: { mode: 'self', language: 'ro', territory: '058091' } }));
    const resumeCode = started.resumeCode;
    if (!resumeCode) throw new Error('the start answered no resume code');
    expect(started.nextQuestion?.textStatus.label).toEqual({ language: 'ro', reviewed: false });
    expect(started.translation).toMatchObject({ requested: 'ro', allReviewed: false });

    // "I don't know" to every question: each is asked once, none refused, and the screening ends.
    let s: Schema<'Screening'> = started;
    const asked = new Set<string>();
    for (let step = 0; step < 80 && s.status === 'IN_PROGRESS' && s.nextQuestion; step++) {
      const q = s.nextQuestion;
      expect(asked.has(q.id)).toBe(false);
      asked.add(q.id);
      s = unwrap(await anonymous.POST('/api/v1/screenings/{id}/answers', { params: { path: { id: s.id } }, body: { questionId: q.id, value: null } }));
    }
    expect(s.status).toBe('COMPLETED');
    expect(s.answers.every((a) => a.dontKnow)).toBe(true);
    const outcome = s.outcome;
    if (!outcome) throw new Error('a completed screening without its outcome');
    expect(outcome.benefits.every((b) => b.status === 'UNDETERMINED' || b.missingFacts.length === 0)).toBe(true);
    expect(outcome.unknownFacts.length).toBeGreaterThan(0);
    // Each fact nobody knew comes with the step to find it out, in Romanian and marked not reviewed.
    expect(outcome.findOut.map((f) => f.fact)).toEqual(outcome.unknownFacts);
    for (const f of outcome.findOut) expect(f.step).toMatchObject({ language: 'ro', reviewed: false });
    // Where to go: the national channels always, the competent INPS unit from the agreements registry.
    expect(outcome.whereToGo?.nationalChannels.length).toBeGreaterThan(0);
    expect(outcome.whereToGo?.inpsUnits.length).toBeGreaterThan(0);

    // The sheet, through the gateway: Romanian with the Italian beside it, the resume code, nothing else of the person.
    const sheet = await fetch(`${gw.url}/api/v1/screenings/${s.id}/sheet?resumeCode=${resumeCode}`);
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('application/pdf');
    expect(sheet.headers.get('cache-control')).toContain('no-store');
    const text = letters(pdfText(Buffer.from(await sheet.arrayBuffer())));
    const italian = unwrap(await anonymous.GET('/api/v1/screenings/{id}', { params: { path: { id: s.id }, query: { language: 'it' } } }));
    const adi = outcome.benefits.find((b) => b.id === 'assegno-inclusione');
    const adiItalian = italian.outcome?.benefits.find((b) => b.id === 'assegno-inclusione');
    if (!adi || !adiItalian) throw new Error('no ADI in the outcome');
    expect(adi.name).not.toBe(adiItalian.name);
    expect(text).toContain(letters(adi.name));
    expect(text).toContain(letters(adiItalian.name));
    expect(text).toContain(letters(resumeCode));
    const firstStep = outcome.findOut[0]?.step?.text;
    if (!firstStep) throw new Error('no find-out step');
    expect(text).toContain(letters(firstStep).slice(0, 40));

    // Monitoring counts the "don't know" answers by fact, from the completion event.
    const counts = await eventually(
      "the don't-know answers counted by monitoring",
      async () => {
        const res = unwrap(await central.GET('/api/v1/indicators', { params: { query: { semester } } }));
        const byFact = res.indicators.find((i) => i.indicatorId === 'screening.unknownFacts')?.breakdowns.find((b) => b.breakdown === 'fact');
        const found: Record<string, unknown> = Object.fromEntries((byFact?.categories ?? []).map((c) => [c.category, c.numerator]));
        return outcome.unknownFacts.every((fact) => typeof found[fact] === 'number') ? found : undefined;
      },
      { timeoutMs: 180_000, everyMs: 250 },
    );
    for (const fact of outcome.unknownFacts) expect(counts[fact]).toBe(1);
  });
});
