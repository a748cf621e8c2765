/**
 * API benchmark: full screenings through the questionnaire REST API against PostgreSQL, beside a
 * bare Node `http` server doing one INSERT per request, driven the same way in the same run.
 *
 *   npx ts-node --transpile-only services/questionnaire/bench/api.bench.ts [--concurrency 50] [--seconds 15]
 *
 * A virtual user starts a self-assessment and answers every question from a random persona until
 * the screening completes (closed loop, no think time). Latency is per request (start and each
 * answer). The baseline server gets the same number of requests per "screening" as the API needed
 * on average, each one an INSERT of the JSON body, so the ratio is the price of everything the
 * service does beyond one write: validation, locking, the engine, the outbox, the framework.
 */
import http from 'node:http';
import { Pool } from 'pg';
import { createTestApp, createTestDatabase, QUEUE_BACKEND, testQueuePrefix, testRedisUrl, type QueueBackend } from '@inps/shared';
import { runLoad, type BenchClient, type LoadResult } from '../../../bench/lib/load';
import { AppModule } from '../src/app.module';
import { questionnaireConfig } from '../src/questionnaire.config';

type Persona = Record<string, boolean | number | string>;

export function rnd(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Consistent personas (the engine refuses contradictions), varied enough to walk different paths. */
export function persona(r: () => number): Persona {
  const pensioner = r() < 0.3;
  const age = pensioner ? 67 + Math.floor(r() * 15) : 20 + Math.floor(r() * 40);
  const householdSize = pensioner ? 1 : 1 + Math.floor(r() * 5);
  const minors = householdSize > 1 ? Math.floor(r() * householdSize) : 0;
  const birth = minors > 0 && r() < 0.4;
  const hasIsee = r() < 0.8;
  return {
    age,
    citizenship: r() < 0.8 ? 'IT' : 'NON_EU_PERMIT',
    yearsOfResidenceInItaly: Math.min(age, 3 + Math.floor(r() * 30)),
    lastTwoYearsContinuous: true,
    hasRegisteredResidence: r() < 0.9,
    homeless: r() < 0.15,
    maritalStatus: pensioner ? 'WIDOWED' : 'SINGLE',
    personalIncome: Math.floor(r() * 12000),
    coupleIncome: 0,
    employmentStatus: pensioner ? 'RETIRED' : 'UNEMPLOYED',
    lastJobWasEmployee: !pensioner && r() < 0.6,
    jobLossInvoluntary: r() < 0.5,
    daysSinceJobLoss: Math.floor(r() * 200),
    contributionWeeksLast4Years: Math.floor(r() * 150),
    workDaysLast12Months: Math.floor(r() * 200),
    voluntaryResignationLast12Months: false,
    contributionWeeksSinceResignation: 0,
    disabilityPercentage: r() < 0.1 ? 100 : 0,
    cannotWalkOrLiveUnaided: false,
    hasHealthConditionNotAssessed: r() < 0.2,
    minorWithPersistentDifficulties: false,
    attendsSchoolOrTherapy: false,
    inFreeResidentialCare: false,
    hadBirthOrAdoption: birth,
    isMother: birth,
    pregnancyMonth: 0,
    daysSinceBirthOrAdoption: 30 + Math.floor(r() * 200),
    birthOrAdoptionYear: 2026,
    receivesMaternityIndemnity: false,
    firstChild: false,
    householdSize,
    minorsInHousehold: minors,
    childrenUnder3: birth ? 1 : 0,
    youngAdults18to20: 0,
    membersAged60Plus: age >= 60 ? 1 : 0,
    allMembersAged67Plus: pensioner,
    disabledMembers: 0,
    severelyDisabledMembers: 0,
    membersInCareProgramme: 0,
    hasIsee,
    isee: Math.floor(r() * 30000),
    householdIncome: Math.floor(r() * 15000),
    realEstateExcludingHome: 0,
    financialAssets: Math.floor(r() * 9000),
    rentsHome: r() < 0.5,
    recentLargeVehicle: false,
    childAtNursery: false,
    childUnder3SevereIllnessAtHome: false,
    childBornFrom2024: birth,
    receivesAntiPovertyBenefit: false,
    receivesUnemploymentOrWageSupport: false,
    inAdiHouseholdNotCounted: false,
    willingToJoinActivation: true,
  };
}

interface Body {
  id: string;
  status: string;
  nextQuestion: { id: string; fact: string } | null;
}

export async function screening(client: BenchClient, p: Persona): Promise<number> {
  let res = await client.request('POST', '/api/v1/screenings', { mode: 'self', language: 'it' });
  if (res.status !== 201) throw new Error(`start ${res.status}`);
  let body = res.body as Body;
  let answers = 0;
  while (body.status === 'IN_PROGRESS' && body.nextQuestion) {
    const q = body.nextQuestion;
    res = await client.request('POST', `/api/v1/screenings/${body.id}/answers`, { questionId: q.id, value: p[q.fact] });
    if (res.status !== 200) {
      // A persona the engine finds contradictory: end the screening as an operator would.
      res = await client.request('POST', `/api/v1/screenings/${body.id}/complete`);
      break;
    }
    answers++;
    body = res.body as Body;
  }
  return answers;
}

/** The baseline: parse the JSON body, one INSERT, answer with a small JSON document. */
export async function bareServer(url: string): Promise<{ port: number; close(): Promise<void> }> {
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle client cut by the server (the database is dropped at the end) must not end the run.
  pool.on('error', () => undefined);
  await pool.query('CREATE TABLE IF NOT EXISTS bench_answer (id bigserial PRIMARY KEY, body jsonb NOT NULL)');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8') || '{}';
      pool
        .query('INSERT INTO bench_answer (body) VALUES ($1::jsonb) RETURNING id', [text])
        .then((r) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ id: r.rows[0].id, status: 'IN_PROGRESS' }));
        })
        .catch(() => {
          res.writeHead(500);
          res.end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: async () => {
      await new Promise((r) => server.close(r));
      await pool.end();
    },
  };
}

export interface ApiBenchResult {
  concurrency: number;
  api: LoadResult & { answersPerScreening: number };
  baseline: LoadResult;
}

export async function runApiBench(opts: { concurrency?: number; seconds?: number } = {}): Promise<ApiBenchResult> {
  const concurrency = opts.concurrency ?? 50;
  const durationMs = (opts.seconds ?? 15) * 1000;
  const t = await createTestApp((config) => AppModule.forRoot(config), {
    config: questionnaireConfig,
    env: { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: testQueuePrefix('bench') },
  });
  await t.app.listen(0, '127.0.0.1');
  const port = (t.app.getHttpServer().address() as { port: number }).port;
  let answerTotal = 0;
  const r = rnd(42);
  try {
    // Warm-up: JIT, connection pool, rule-set cache.
    await runLoad({ base: `http://127.0.0.1:${port}`, concurrency: 10, durationMs: 2000, scenario: async (c) => void (await screening(c, persona(r))) });
    const api = await runLoad({
      base: `http://127.0.0.1:${port}`,
      concurrency,
      durationMs,
      scenario: async (c) => {
        const answers = await screening(c, persona(r));
        answerTotal += answers;
      },
    });
    const answersPerScreening = answerTotal / Math.max(1, api.iterations);
    const db = await createTestDatabase('bench');
    const bare = await bareServer(db.url);
    const requestsPerScreening = Math.round(answersPerScreening) + 1;
    try {
      await runLoad({
        base: `http://127.0.0.1:${bare.port}`,
        concurrency: 10,
        durationMs: 1000,
        scenario: async (c) => void (await c.request('POST', '/answers', { questionId: 'age', value: 40 }, false)),
      });
      const baseline = await runLoad({
        base: `http://127.0.0.1:${bare.port}`,
        concurrency,
        durationMs,
        scenario: async (c) => {
          for (let i = 0; i < requestsPerScreening; i++) await c.request('POST', '/answers', { questionId: 'age', value: 40 });
        },
      });
      return { concurrency, api: { ...api, answersPerScreening }, baseline };
    } finally {
      await bare.close();
      await db.drop();
    }
  } finally {
    // The completed screenings' events stay in the queue for a week by design; a benchmark's must not.
    const events = t.app.get<QueueBackend>(QUEUE_BACKEND).createQueue('events');
    await events.obliterate({ force: true }).catch(() => undefined);
    await events.close();
    await t.close();
  }
}

export function apiMarkdown(r: ApiBenchResult): string {
  const f = (n: number, d = 1) => n.toFixed(d);
  return [
    `| ${r.concurrency} concurrent screenings | screenings/s | requests | errors (5xx, network) | answers refused (4xx) | p50 ms/request | p99 ms/request |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| questionnaire API (${f(r.api.answersPerScreening)} answers per screening) | ${f(r.api.perSecond)} | ${r.api.requests} | ${r.api.errors} | ${r.api.refused} | ${f(r.api.p50, 2)} | ${f(r.api.p99, 2)} |`,
    `| bare Node http + one INSERT per request (same requests per screening) | ${f(r.baseline.perSecond)} | ${r.baseline.requests} | ${r.baseline.errors} | ${r.baseline.refused} | ${f(r.baseline.p50, 2)} | ${f(r.baseline.p99, 2)} |`,
    `| **ratio API / baseline** | **${f(r.baseline.perSecond / r.api.perSecond, 2)}× slower** | | | | **${f(r.api.p50 / r.baseline.p50, 2)}×** | **${f(r.api.p99 / r.baseline.p99, 2)}×** |`,
  ].join('\n');
}

if (require.main === module) {
  const arg = (name: string, d: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : d;
  };
  runApiBench({ concurrency: arg('concurrency', 50), seconds: arg('seconds', 15) })
    .then((r) => console.log(apiMarkdown(r)))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
