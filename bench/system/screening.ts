import type { Http, Recorder } from './driver';

/**
 * One full self-assessment over REST: start, then answer whatever the `nextQuestion` asks until the
 * screening is COMPLETED. The value comes from a random persona when it has the fact, else a modest
 * default (false, the question's minimum or 0, the first option); numbers are kept inside the
 * question's min/max. A 400 that states a bound ("must be at most 120") is answered again with that
 * bound; any other 400 (a contradiction the engine refuses) ends the screening with /complete, as an
 * operator would. Everything else that is not a 2xx, and every network error or timeout, is an error.
 */

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
    hasIsee: r() < 0.8,
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

interface Question {
  id: string;
  fact: string;
  type: 'boolean' | 'number' | 'integer' | 'choice';
  min?: number;
  max?: number;
  options?: { value: string }[];
}

interface ScreeningBody {
  id: string;
  status: string;
  nextQuestion: Question | null;
}

function valueFor(q: Question, p: Persona): boolean | number | string {
  const known = p[q.fact];
  switch (q.type) {
    case 'boolean':
      return typeof known === 'boolean' ? known : false;
    case 'choice': {
      const values = (q.options ?? []).map((o) => o.value);
      return typeof known === 'string' && values.includes(known) ? known : (values[0] ?? '');
    }
    case 'integer':
    case 'number': {
      let n = typeof known === 'number' ? known : (q.min ?? 0);
      if (q.min !== undefined) n = Math.max(q.min, n);
      if (q.max !== undefined) n = Math.min(q.max, n);
      return q.type === 'integer' ? Math.round(n) : n;
    }
  }
}

/** The bound a VALIDATION_FAILED answer states ("must be at most 120, got 500"), if any. */
function statedBound(body: unknown): number | undefined {
  const details = (body as { error?: { details?: { issue?: string }[] } } | null)?.error?.details ?? [];
  for (const d of details) {
    const m = /must be (?:at most|at least|≤|≥|<=|>=)\s*(-?\d+(?:\.\d+)?)/.exec(d.issue ?? '');
    if (m) return Number(m[1]);
  }
  return undefined;
}

export interface ScreeningTarget {
  port: number;
  /** Where screenings start (the floor server takes how many answers to ask in the query string). */
  startPath: string;
  /** Sent with every request of the screening (a `traceparent`, say). */
  headers?: Record<string, string>;
}

/** Runs one screening to COMPLETED; true when it got there. Latencies: "start", "answer", "complete". */
export async function screening(http: Http, rec: Recorder, target: ScreeningTarget, p: Persona): Promise<boolean> {
  const start = await rec.time('start', () => http.request(target.port, 'POST', target.startPath, { mode: 'self', language: 'it' }, target.headers));
  if (start.status !== 201 && start.status !== 200) {
    rec.error(`start ${start.status} ${JSON.stringify(start.body)}`);
    return false;
  }
  let body = start.body as ScreeningBody;
  let answers = 0;
  while (body.status === 'IN_PROGRESS' && body.nextQuestion) {
    const q = body.nextQuestion;
    let value = valueFor(q, p);
    let res = await rec.time('answer', () =>
      http.request(target.port, 'POST', `/api/v1/screenings/${body.id}/answers`, { questionId: q.id, value }, target.headers),
    );
    for (let retry = 0; res.status === 400 && retry < 2; retry++) {
      const bound = statedBound(res.body);
      if (bound === undefined || bound === value) break;
      rec.count('bound retries');
      value = bound;
      res = await rec.time('answer', () =>
        http.request(target.port, 'POST', `/api/v1/screenings/${body.id}/answers`, { questionId: q.id, value }, target.headers),
      );
    }
    if (res.status === 400) {
      // A persona the engine finds contradictory: end it as an operator would.
      rec.count('ended with /complete');
      res = await rec.time('complete', () => http.request(target.port, 'POST', `/api/v1/screenings/${body.id}/complete`, undefined, target.headers));
    }
    if (res.status !== 200) {
      rec.error(`answer ${q.id} ${res.status} ${JSON.stringify(res.body)}`);
      return false;
    }
    answers++;
    body = res.body as ScreeningBody;
  }
  if (body.status !== 'COMPLETED') {
    rec.error(`ended ${body.status}`);
    return false;
  }
  rec.count('answers', answers);
  return true;
}
