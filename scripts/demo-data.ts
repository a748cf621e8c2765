/**
 * Demo data for `npm start`, loaded once through the services' own REST APIs (so every record passes
 * the same validation and workflow as a real one): a framework agreement, territorial agreements in
 * eight cities taken through review to signature, outreach events with a mobile-unit request, and a
 * few hundred operator screenings with follow-ups. The framework's code marks it as loaded.
 */
import { addDays, type Role } from '@inps/kernel';
import { programmeOverFetch, type DevTokenIssuer } from '@inps/shared';

export interface DemoTargets {
  readonly questionnaire: string;
  readonly agreements: string;
  readonly monitoring: string;
}

interface City {
  readonly name: string;
  readonly comune: string;
  readonly region: string;
  readonly unit: string;
  readonly caritas: string;
  readonly comuneOrg: string;
}

const CITIES: readonly City[] = [
  { name: 'Roma', comune: '058091', region: '12', unit: 'dr-lazio', caritas: 'caritas-roma', comuneOrg: 'comune-roma' },
  { name: 'Milano', comune: '015146', region: '03', unit: 'dr-lombardia', caritas: 'caritas-ambrosiana', comuneOrg: 'comune-milano' },
  { name: 'Napoli', comune: '063049', region: '15', unit: 'dr-campania', caritas: 'caritas-napoli', comuneOrg: 'comune-napoli' },
  { name: 'Bologna', comune: '037006', region: '08', unit: 'dr-emilia-romagna', caritas: 'caritas-bologna', comuneOrg: 'comune-bologna' },
  { name: 'Torino', comune: '001272', region: '01', unit: 'dr-piemonte', caritas: 'caritas-torino', comuneOrg: 'comune-torino' },
  { name: 'Bari', comune: '072006', region: '16', unit: 'dr-puglia', caritas: 'caritas-bari-bitonto', comuneOrg: 'comune-bari' },
  { name: 'Catania', comune: '087015', region: '19', unit: 'dr-sicilia', caritas: 'caritas-catania', comuneOrg: 'comune-catania' },
  { name: 'Ancona', comune: '042002', region: '11', unit: 'dr-marche', caritas: 'caritas-ancona-osimo', comuneOrg: 'comune-ancona' },
];

const FRAMEWORK_CODE = 'DEMO-QUADRO-2026';
const VENUES = ['SOUP_KITCHEN', 'STATION', 'SHELTER', 'DROP_IN_CENTRE'] as const;

/** A tiny deterministic PRNG: the same demo every time. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Api {
  constructor(
    private readonly base: string,
    private readonly token?: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    okStatuses: readonly number[] = [200, 201],
  ): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : {}) as T;
    if (!okStatuses.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { status: res.status, body: parsed };
  }
}

/** An answer a person at a soup kitchen might plausibly give. */
function answerFor(question: { fact: string; type: string; options?: { value: string }[] }, rnd: () => number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  if (question.type === 'boolean') return rnd() < 0.45;
  if (question.type === 'choice') return pick(question.options ?? [{ value: '' }]).value;
  const f = question.fact.toLowerCase();
  let value: number;
  if (f === 'age') value = 18 + Math.floor(rnd() * 70);
  else if (f.includes('percentage')) value = pick([0, 46, 74, 100]);
  else if (f.includes('income') || f === 'isee' || f.includes('assets') || f.includes('realestate')) value = Math.round(rnd() * 12000);
  else if (f === 'householdsize') value = 1 + Math.floor(rnd() * 4);
  else if (f.includes('year') && f.includes('birth')) value = 2025;
  else if (f.includes('years')) value = Math.floor(rnd() * 30);
  else if (f.includes('weeks')) value = Math.floor(rnd() * 150);
  else if (f.includes('days')) value = Math.floor(rnd() * 300);
  else if (f.includes('month')) value = 0;
  else value = Math.floor(rnd() * 3);
  return value;
}

function consistentAnswer(question: { type: string; options?: { value: string }[] }, refusal: unknown): unknown {
  if (question.type === 'boolean') return false;
  if (question.type === 'choice') return question.options?.[0]?.value;
  const issue = (refusal as { error?: { details?: { issue?: string }[] } }).error?.details?.[0]?.issue ?? '';
  const bound = /at (?:least|most) (-?[\d.]+)/.exec(issue);
  return bound ? Number(bound[1]) : 0;
}

export interface DemoResult {
  readonly loaded: boolean;
  readonly agreements: number;
  readonly events: number;
  readonly screenings: number;
  readonly followUps: number;
}

export async function loadDemoData(targets: DemoTargets, issuer: DevTokenIssuer, options: { screenings?: number; today: string }): Promise<DemoResult> {
  const token = (role: Role, scope: { org?: string; territories?: string[] } = {}) =>
    issuer.issue({ sub: `demo-${role}${scope.org ? `-${scope.org}` : ''}`, roles: [role], ...scope }, { expiresIn: 3600 });
  const centralToken = await token('central', { territories: ['IT'] });
  const central = new Api(targets.agreements, centralToken);

  const existing = await central.call<{ items: { code: string }[] }>('GET', '/api/v1/agreements?kind=FRAMEWORK&limit=100');
  if (existing.body.items.some((a) => a.code === FRAMEWORK_CODE)) return { loaded: false, agreements: 0, events: 0, screenings: 0, followUps: 0 };

  const today = options.today;
  const year = today.slice(0, 4);
  const signedOn = `${year}-01-15`;
  const fw = await programmeOverFetch(targets.agreements, { central: centralToken }).signedFramework({
    code: FRAMEWORK_CODE,
    signedOn,
    body: {
      title: 'Accordo quadro INPS per tutti (demo)',
      legalBasis: 'Messaggio INPS 3449/2019',
      parties: [
        { organisationId: 'anci', role: 'signatory', commitments: ['coinvolgimento dei Comuni'] },
        { organisationId: 'caritas-italiana', role: 'signatory', commitments: ['sportelli presso le Caritas diocesane'] },
        { organisationId: 'comunita-sant-egidio', role: 'signatory', commitments: ['unità di strada'] },
        { inpsUnitId: 'dg', role: 'signatory', commitments: ['formazione e consulenza'] },
      ],
    },
  });

  let agreements = 1;
  let events = 0;
  for (const [i, city] of CITIES.entries()) {
    const territorialToken = await token('territorial', { territories: [city.region] });
    const territorial = new Api(targets.agreements, territorialToken);
    // Taken through review to signature, each a week after the previous one.
    const draft = await programmeOverFetch(targets.agreements, { central: centralToken, territorial: territorialToken }).signedTerritorial({
      parentId: fw.id,
      code: `DEMO-TER-${city.name.toUpperCase()}`,
      signedOn: addDays(signedOn, 20 + i * 7),
      comment: 'Conforme all’accordo quadro',
      body: {
        title: `Protocollo INPS per tutti – ${city.name}`,
        parties: [
          { organisationId: city.caritas, role: 'proponent', commitments: ['sportello presso la mensa'] },
          { organisationId: city.comuneOrg, role: 'signatory', commitments: ['residenza fittizia'] },
          { inpsUnitId: city.unit, role: 'signatory', commitments: ['consulenza sul posto'] },
        ],
        scope: [city.comune],
      },
    });
    agreements += 1;

    // Two events ahead: one communicated in good time with a mobile unit, one still planned.
    for (const [k, lead] of [20, 35].entries()) {
      const day = addDays(today, lead + i);
      const ev = await territorial.call<{ id: string }>('POST', '/api/v1/outreach-events', {
        organisationId: city.caritas,
        territoryCode: city.comune,
        agreementId: draft.id,
        venueType: VENUES[(i + k) % VENUES.length],
        venueName: k === 0 ? `Mensa Caritas di ${city.name}` : `Stazione di ${city.name}`,
        startsAt: `${day}T08:30:00Z`,
        endsAt: `${day}T12:30:00Z`,
      });
      events += 1;
      if (k === 0)
        await territorial.call('POST', '/api/v1/mobile-unit-requests', {
          eventId: ev.body.id,
          stationKind: 'CAMPER',
          availableSpace: 'Piazzale antistante, 30 m²',
        });
    }
  }

  const { screenings, followUps } = await demoScreenings(targets, token, options.screenings ?? 240);
  return { loaded: true, agreements, events, screenings, followUps };
}

async function demoScreenings(
  targets: DemoTargets,
  token: (role: Role, scope?: { org?: string; territories?: string[] }) => Promise<string>,
  count: number,
): Promise<{ screenings: number; followUps: number }> {
  const rnd = prng(20261123);
  const completed: { id: string; org: string; likely: string[] }[] = [];
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < count) {
      const n = next++;
      const city = CITIES[n % CITIES.length] as City;
      const operator = new Api(targets.questionnaire, await token('operator', { org: city.caritas }));
      let s = await operator.call<{
        id: string;
        status: string;
        nextQuestion: { id: string; fact: string; type: string; options?: { value: string }[] } | null;
      }>('POST', '/api/v1/screenings', {
        mode: 'operator',
        language: n % 3 === 0 ? 'en' : 'it',
        territory: city.comune,
        channel: (['desk', 'mobile_unit', 'gazebo'] as const)[n % 3],
      });
      for (let step = 0; step < 30 && s.body.status === 'IN_PROGRESS' && s.body.nextQuestion; step++) {
        const q = s.body.nextQuestion;
        const path = `/api/v1/screenings/${s.body.id}/answers`;
        // A random figure may contradict an earlier answer (more children under 3 than members):
        // the service says which bound it must respect, and the demo takes the bound.
        const tried = await operator.call<typeof s.body>('POST', path, { questionId: q.id, value: answerFor(q, rnd) }, [200, 201, 400]);
        s = tried.status === 400 ? await operator.call('POST', path, { questionId: q.id, value: consistentAnswer(q, tried.body) }) : tried;
      }
      const done =
        s.body.status === 'COMPLETED' ? s : await operator.call<typeof s.body & { outcome?: unknown }>('POST', `/api/v1/screenings/${s.body.id}/complete`, {});
      const outcome = (done.body as { outcome?: { benefits?: { id: string; status: string }[] } }).outcome;
      completed.push({ id: s.body.id, org: city.caritas, likely: (outcome?.benefits ?? []).filter((b) => b.status === 'LIKELY_ELIGIBLE').map((b) => b.id) });
    }
  };
  await Promise.all(Array.from({ length: 6 }, one));

  // A third of the people are taken in charge; monitoring learns of a screening through the queue,
  // so a follow-up may have to wait a moment for it.
  let followUps = 0;
  for (const [i, s] of completed.entries()) {
    if (i % 3 !== 0) continue;
    const operator = new Api(targets.monitoring, await token('operator', { org: s.org }));
    const benefit = s.likely[0];
    // No day: the service takes its own today, which cannot precede the screening's (a day fixed at the
    // start of the run would, for a screening completed after midnight in Rome).
    const body = {
      screeningId: s.id,
      needs: benefit ? ['INCOME_SUPPORT', 'ISEE'] : ['DOCUMENTS_RESIDENCE'],
      help: benefit ? [{ type: 'ISEE' }, { type: 'APPLICATION', benefitId: benefit }] : [{ type: 'FICTITIOUS_ADDRESS' }, { type: 'REFERRAL_COMUNE' }],
    };
    let created: { status: number; body: { id?: string; day?: string } } | undefined;
    for (let attempt = 0; attempt < 60 && (!created || created.status === 404); attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 500));
      created = await operator.call('POST', '/api/v1/follow-ups', body, [201, 404]);
    }
    if (!created || created.status !== 201) throw new Error(`screening ${s.id} did not reach the monitoring service`);
    followUps += 1;
    if (benefit && i % 2 === 0) {
      await operator.call('PATCH', `/api/v1/follow-ups/${created.body.id}`, { benefitId: benefit, result: 'GRANTED', resultDate: created.body.day });
    }
  }
  return { screenings: completed.length, followUps };
}

/** Tokens for trying the API by hand, one per role, with the demo's organisations and territories. */
export async function demoTokens(issuer: DevTokenIssuer, hours = 8): Promise<Record<string, string>> {
  const expiresIn = hours * 3600;
  const mint = (role: Role, scope: { org?: string; territories?: string[] } = {}) =>
    issuer.issue({ sub: `demo-${role}`, roles: [role], ...scope }, { expiresIn });
  return {
    central: await mint('central', { territories: ['IT'] }),
    dg: await mint('dg', { territories: ['IT'] }),
    'territorial (Lazio)': await mint('territorial', { territories: ['12'] }),
    'partner_admin (caritas-roma)': await mint('partner_admin', { org: 'caritas-roma' }),
    'operator (caritas-roma)': await mint('operator', { org: 'caritas-roma' }),
    'partner_app (caritas-roma)': await mint('partner_app', { org: 'caritas-roma' }),
  };
}
