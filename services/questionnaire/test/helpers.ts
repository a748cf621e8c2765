import { createTestApp, FixedClock, testQueuePrefix, testRedisUrl, type TestApp } from '@inps/shared';
import type { Response } from 'supertest';
import { AppModule } from '../src/app.module';
import { questionnaireConfig } from '../src/questionnaire.config';
import { QUESTIONNAIRE_DATABASE } from '../src/migrations';

export type QuestionnaireTestApp = TestApp<typeof questionnaireConfig.fields> & { clock: FixedClock };

/** The questionnaire API on a fresh database, with Redis queues under a prefix of its own and a clock tests move. */
export async function startQuestionnaire(env: Record<string, string> = {}): Promise<QuestionnaireTestApp> {
  const clock = new FixedClock(new Date('2026-03-10T10:00:00Z'));
  const app = await createTestApp((config) => AppModule.forRoot(config, { clock }), {
    config: questionnaireConfig,
    database: QUESTIONNAIRE_DATABASE,
    env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('q'), ...env },
  });
  return Object.assign(app, { clock });
}

export type Persona = Record<string, boolean | number | string>;

interface ScreeningBody {
  id: string;
  status: string;
  nextQuestion: { id: string; fact: string; type: string; options?: { value: string }[] } | null;
  outcome?: { benefits: { id: string; status: string; missingFacts: string[] }[] };
}

/**
 * Answers every question from the persona's facts until the engine stops. A question about a fact the
 * persona lacks is a test failure: it means the engine asked something the test did not expect.
 */
export async function runScreening(t: QuestionnaireTestApp, persona: Persona, start: object = { mode: 'self', language: 'en' }, token?: string) {
  const auth = (r: import('supertest').Test) => (token ? r.set('authorization', `Bearer ${token}`) : r);
  let res: Response = await auth(t.http.post('/api/v1/screenings').send(start));
  if (res.status !== 201) throw new Error(`start failed: ${res.status} ${JSON.stringify(res.body)}`);
  const asked: string[] = [];
  let body = res.body as ScreeningBody;
  while (body.status === 'IN_PROGRESS' && body.nextQuestion) {
    const q = body.nextQuestion;
    if (!(q.fact in persona)) throw new Error(`asked ${q.id} (${q.fact}) which the persona does not know; asked so far: ${asked.join(', ')}`);
    asked.push(q.fact);
    res = await auth(t.http.post(`/api/v1/screenings/${body.id}/answers`).send({ questionId: q.id, value: persona[q.fact] }));
    if (res.status !== 200) throw new Error(`answer ${q.id} failed: ${res.status} ${JSON.stringify(res.body)}`);
    body = res.body as ScreeningBody;
  }
  return { body, asked };
}

export function verdicts(body: ScreeningBody | { benefits: { id: string; status: string }[] }): Record<string, string> {
  const benefits = 'benefits' in body ? body.benefits : (body.outcome?.benefits ?? []);
  return Object.fromEntries(benefits.map((b) => [b.id, b.status]));
}
