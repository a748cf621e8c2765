import { addDays, daysBetween } from '@inps/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { validOn, type TerritoryRegistry } from '@inps/territories';
import { benefitIdsOf, categoryCodes, parseSemester, returnDatasetFor, semesterFirstDay, semesterLastDay } from '../../domain';
import { EVENT_AGE_BANDS, HOUSEHOLD_SIZE_BANDS, type ScreeningChannel } from '../events/event-contracts';
import { Prng, WeightedTable } from './prng';
import { takeFoldLock } from '../outcomes/rollup-folder';

/**
 * Realistic monitoring data for load tests, demos and benchmarks, written straight into the
 * tables the event consumers and the API write (screening_outcome with its ancestors and both
 * rollups, follow_up and follow_up_application, agreement_state and expected_reporter,
 * partner_return, outreach_event), in batches of multi-row `INSERT … SELECT FROM unnest(…)`.
 *
 * Each batch of screenings and the rollup increments it causes commit in one transaction, so an
 * interrupted run still leaves rollups equal to a recount of the raw rows.
 *
 * It refuses a semester that already has screenings (re-running with the same `--seed` would
 * draw the same ids): seed another semester, or a fresh database.
 */

export interface SeedOptions {
  readonly screenings: number;
  readonly followUps: number;
  readonly semester: string;
  readonly seed: number;
  /** Screenings per transaction (default a quarter of the run, between 50,000 and 1,000,000). */
  readonly batchSize?: number;
}

export interface SeedCounts {
  readonly screenings: number;
  readonly followUps: number;
  readonly applications: number;
  readonly agreements: number;
  readonly expectedReporters: number;
  readonly returns: number;
  readonly outreachEvents: number;
}

export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

/** Resident population by region, millions (ISTAT, 1 Jan 2024, rounded): screenings follow it. */
const REGION_POPULATION: Readonly<Record<string, number>> = {
  '01': 4.25,
  '02': 0.12,
  '03': 10.0,
  '04': 1.08,
  '05': 4.85,
  '06': 1.19,
  '07': 1.51,
  '08': 4.43,
  '09': 3.66,
  '10': 0.86,
  '11': 1.49,
  '12': 5.71,
  '13': 1.27,
  '14': 0.29,
  '15': 5.59,
  '16': 3.9,
  '17': 0.54,
  '18': 1.85,
  '19': 4.8,
  '20': 1.57,
};

/**
 * The pilot cities (message 3449/2019 and later) weigh more than their population: that is where
 * the programme started and where most desks are. Their organisations are the demonstration set
 * of services/agreements/data/organisations.yaml.
 */
const PILOT_CITIES: readonly { code: string; weight: number; organisations: readonly string[] }[] = [
  { code: '058091', weight: 10, organisations: ['comune-roma', 'caritas-roma', 'sant-egidio-roma'] },
  { code: '015146', weight: 6, organisations: ['comune-milano', 'caritas-ambrosiana'] },
  { code: '063049', weight: 6, organisations: ['comune-napoli', 'caritas-napoli'] },
  { code: '001272', weight: 4, organisations: ['comune-torino', 'caritas-torino'] },
  { code: '037006', weight: 3, organisations: ['comune-bologna', 'caritas-bologna'] },
  { code: '072006', weight: 3, organisations: ['comune-bari', 'caritas-bari'] },
  { code: '087015', weight: 3, organisations: ['comune-catania', 'caritas-catania'] },
];
const PILOT_SHARE = 0.35;
const NATIONAL_ORGANISATIONS = ['anci', 'caritas-italiana', 'comunita-sant-egidio'];

const CHANNELS: Weights<ScreeningChannel> = [
  ['desk', 40],
  ['mobile_unit', 14],
  ['gazebo', 16],
  ['phone', 5],
  ['self', 25],
];
const AGE_BANDS: Weights<(typeof EVENT_AGE_BANDS)[number]> = [
  ['0-17', 2],
  ['18-29', 14],
  ['30-44', 24],
  ['45-59', 28],
  ['60-66', 12],
  ['67+', 16],
  ['unknown', 4],
];
const HOUSEHOLDS: Weights<(typeof HOUSEHOLD_SIZE_BANDS)[number]> = [
  ['1', 45],
  ['2', 20],
  ['3-4', 22],
  ['5+', 8],
  ['unknown', 5],
];

/** Chance of LIKELY_ELIGIBLE and of UNDETERMINED per benefit, and the age bands it can apply to. */
const VERDICT_ODDS: Readonly<Record<string, { likely: number; undetermined: number; ages?: readonly string[] }>> = {
  'assegno-inclusione': { likely: 0.25, undetermined: 0.2 },
  'supporto-formazione-lavoro': { likely: 0.15, undetermined: 0.1, ages: ['18-29', '30-44', '45-59'] },
  'assegno-unico': { likely: 0.15, undetermined: 0.05 },
  'assegno-maternita-comuni': { likely: 0.03, undetermined: 0.02, ages: ['18-29', '30-44'] },
  'bonus-nuovi-nati': { likely: 0.03, undetermined: 0.02, ages: ['18-29', '30-44'] },
  'bonus-asilo-nido': { likely: 0.04, undetermined: 0.02 },
  naspi: { likely: 0.08, undetermined: 0.05, ages: ['18-29', '30-44', '45-59', '60-66'] },
  'assegno-sociale': { likely: 0.45, undetermined: 0.15, ages: ['67+'] },
  'pensione-inabilita': { likely: 0.03, undetermined: 0.05, ages: ['18-29', '30-44', '45-59', '60-66'] },
  'assegno-mensile-invalidita': { likely: 0.04, undetermined: 0.05, ages: ['18-29', '30-44', '45-59', '60-66'] },
  'indennita-accompagnamento': { likely: 0.03, undetermined: 0.03 },
  'indennita-frequenza': { likely: 0.1, undetermined: 0.05, ages: ['0-17'] },
  'accertamento-invalidita': { likely: 0.12, undetermined: 0.03 },
  'carta-dedicata-a-te': { likely: 0.1, undetermined: 0.15 },
  'reddito-cittadinanza': { likely: 0.3, undetermined: 0.2 },
  'pensione-cittadinanza': { likely: 0.2, undetermined: 0.1, ages: ['67+'] },
};

const DEFAULT_ODDS = { likely: 0.05, undetermined: 0.05 };

const NEED_TYPES = categoryCodes('needType') ?? [];
const HELP_TYPES = (categoryCodes('helpType') ?? []).filter((code) => code !== 'APPLICATION');
const RESULTS: Weights<'GRANTED' | 'REJECTED' | 'PENDING'> = [
  ['GRANTED', 45],
  ['REJECTED', 15],
  ['PENDING', 40],
];

interface Place {
  readonly comune: string;
  readonly province: string | null;
  readonly region: string | null;
}

/** Where screenings happen: the pilot cities, then the rest of Italy by regional population. */
class Geography {
  private readonly pilots: WeightedTable<string>;
  private readonly regions: WeightedTable<string>;
  private readonly comuniByRegion = new Map<string, string[]>();
  private readonly places = new Map<string, Place>();

  constructor(
    private readonly registry: TerritoryRegistry,
    on: string,
  ) {
    for (const t of registry.all()) {
      if (t.level !== 'COMUNE' || !validOn(t, on) || !t.regionCode) continue;
      const list = this.comuniByRegion.get(t.regionCode) ?? [];
      list.push(t.istatCode);
      this.comuniByRegion.set(t.regionCode, list);
    }
    this.pilots = new WeightedTable(PILOT_CITIES.filter((c) => registry.get(c.code, on)).map((c) => [c.code, c.weight] as const));
    this.regions = new WeightedTable(Object.entries(REGION_POPULATION).filter(([code]) => this.comuniByRegion.has(code)));
  }

  /** Every place a screening can be drawn at, with the chance `draw` gives it (they add up to 1). */
  chances(): { place: Place; chance: number }[] {
    const chance = new Map<string, number>();
    const pilotTotal = this.pilots.items.reduce((sum, [, w]) => sum + w, 0);
    for (const [code, w] of this.pilots.items) chance.set(code, (chance.get(code) ?? 0) + (PILOT_SHARE * w) / pilotTotal);
    const regionTotal = this.regions.items.reduce((sum, [, w]) => sum + w, 0);
    for (const [region, w] of this.regions.items) {
      const comuni = this.comuniByRegion.get(region) ?? [];
      for (const code of comuni) chance.set(code, (chance.get(code) ?? 0) + ((1 - PILOT_SHARE) * w) / regionTotal / comuni.length);
    }
    return [...chance].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, c]) => ({ place: this.place(code), chance: c }));
  }

  regionCodes(): string[] {
    return [...this.comuniByRegion.keys()].sort();
  }

  draw(prng: Prng): Place {
    const code = prng.chance(PILOT_SHARE) ? this.pilots.draw(prng) : prng.pick(this.comuniByRegion.get(this.regions.draw(prng)) ?? []);
    return this.place(code);
  }

  place(code: string): Place {
    let place = this.places.get(code);
    if (!place) {
      // Ancestors nearest first: province or metropolitan city, region, IT (as the consumer stores them).
      const levels = (this.registry.ancestorCodes(code) ?? []).filter((c) => c !== 'IT');
      place = { comune: code, province: levels[0] ?? null, region: levels[1] ?? null };
      this.places.set(code, place);
    }
    return place;
  }
}

/** The partners of a region: its diocesan Caritas and its pilot city's organisations. */
function organisationsOf(region: string | null, comune: string | null): string[] {
  const pilot = PILOT_CITIES.find((c) => c.code === comune);
  if (pilot) return [...pilot.organisations];
  return region ? [`caritas-regione-${region}`, `anci-regione-${region}`] : NATIONAL_ORGANISATIONS;
}

/**
 * "I don't know" answers: about one screening in seven has one (rarely two), mostly the ISEE and the
 * years of residence; each leaves undetermined, among the benefits it decides, those whose verdict
 * came out UNDETERMINED. Drawn from a stream of their own, so the rest of the seeded rows stay as
 * they were before don't-knows existed.
 */
const DONT_KNOW_SHARE = 0.15;
const DONT_KNOW_FACTS: Weights<string> = [
  ['isee', 50],
  ['yearsOfResidenceInItaly', 20],
  ['contributionWeeksLast4Years', 10],
  ['coupleIncome', 10],
  ['disabilityPercentage', 10],
];
const DECIDES: Readonly<Record<string, readonly string[]>> = {
  isee: [
    'assegno-inclusione',
    'supporto-formazione-lavoro',
    'assegno-unico',
    'bonus-nuovi-nati',
    'bonus-asilo-nido',
    'carta-dedicata-a-te',
    'reddito-cittadinanza',
  ],
  yearsOfResidenceInItaly: ['assegno-inclusione', 'supporto-formazione-lavoro', 'assegno-sociale', 'reddito-cittadinanza', 'pensione-cittadinanza'],
  contributionWeeksLast4Years: ['naspi'],
  coupleIncome: ['assegno-sociale', 'pensione-inabilita'],
  disabilityPercentage: ['assegno-mensile-invalidita', 'pensione-inabilita'],
};

/** Connections seeding batches at once: PostgreSQL draws and writes a batch on one core. */
const SEED_CONNECTIONS = 2;

/** Values and their relative weights. */
type Weights<T extends string> = readonly (readonly [T, number])[];

/** A SQL CASE drawing one of `weights` from the uniform draw `r` in [0, 1). The values are this file's own codes. */
function drawSql<T extends string>(weights: Weights<T>, r: string): string {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  let cumulative = 0;
  const arms = weights.slice(0, -1).map(([value, w]) => {
    cumulative += w;
    return `WHEN ${r} < ${cumulative / total} THEN '${value}'`;
  });
  return `CASE ${arms.join(' ')} ELSE '${weights[weights.length - 1][0]}' END`;
}

/** setseed's argument (in [-1, 1]) for a batch: the same seed, semester and batch draw the same rows. */
function seedFraction(seed: number, semester: string, batch: number): number {
  const mixed = (Math.imul(seed ^ (Number(semester.slice(0, 4)) * 2 + Number(semester.slice(5))), 0x9e3779b1) ^ Math.imul(batch + 1, 0x85ebca6b)) >>> 0;
  return (mixed / 2 ** 32) * 2 - 1;
}

/** The draw tables of this session: places by cumulative chance, and the batch's working tables. */
async function createDrawTables(m: EntityManager, geography: Geography): Promise<number[]> {
  const chances = geography.chances();
  await m.query(`CREATE TEMP TABLE seed_place (k int PRIMARY KEY, comune text NOT NULL, province text, region text, orgs text[] NOT NULL)`);
  await m.query(
    `INSERT INTO seed_place SELECT p.k, p.comune, p.province, p.region, string_to_array(p.orgs, ',')
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS p(comune, province, region, orgs, k)`,
    [
      chances.map((c) => c.place.comune),
      chances.map((c) => c.place.province),
      chances.map((c) => c.place.region),
      chances.map((c) => organisationsOf(c.place.region, c.place.comune).join(',')),
    ],
  );
  await m.query(`CREATE TEMP TABLE seed_chunk (i bigint, screening_id uuid, event_id uuid, day date, comune text, province text, region text,
    orgs text[], organisation text, channel text, age text, household text, facts text[], stopped text[], likely_mask int,
    undetermined_mask int, likely_ids text[], followed boolean)`);
  await m.query(`CREATE TEMP TABLE seed_pattern (likely_mask int, undetermined_mask int, facts text[], verdicts jsonb)`);
  await m.query(`CREATE TEMP TABLE seed_follow_up (id uuid, screening_id uuid, organisation text, day date, needs text[], help text[], filed text[])`);
  await m.query(`CREATE TEMP TABLE seed_application (follow_up_id uuid, benefit_id text, result text, result_date date)`);
  // The lower bound of each place's share of [0, 1), in order: width_bucket's thresholds.
  let cumulative = 0;
  return chances.map(({ chance }) => {
    const lower = cumulative;
    cumulative += chance;
    return lower;
  });
}

/** A SQL string literal of one of this file's own codes. */
const literal = (code: string): string => `'${code.replace(/'/g, "''")}'`;

/** A verdict lacks the facts left unknown (at most two) that decide its benefit, when it came out undetermined. */
function lacked(id: string, facts = 'p.facts'): string {
  const deciding = Object.entries(DECIDES)
    .filter(([, decided]) => decided.includes(id))
    .map(([fact]) => literal(fact));
  if (deciding.length === 0) return `'{}'::text[]`;
  const set = deciding.join(', ');
  return `array_remove(ARRAY[CASE WHEN ${facts}[1] IN (${set}) THEN ${facts}[1] END, CASE WHEN ${facts}[2] IN (${set}) THEN ${facts}[2] END], NULL)`;
}

/** The JSON text of benefit k's verdict in a pattern row p (bit k of its masks). Benefit ids are the catalogue's codes. */
function verdictText(id: string, k: number): string {
  const status = `CASE WHEN p.likely_mask & ${2 ** k} <> 0 THEN 'LIKELY_ELIGIBLE' WHEN p.undetermined_mask & ${2 ** k} <> 0 THEN 'UNDETERMINED' ELSE 'NOT_ELIGIBLE' END`;
  const plain = `'{"benefitId": "${id}", "status": "' || ${status} || '"}'`;
  const l = lacked(id);
  return l === `'{}'::text[]`
    ? plain
    : `CASE WHEN p.undetermined_mask & ${2 ** k} <> 0 AND cardinality(${l}) > 0
        THEN '{"benefitId": "${id}", "status": "UNDETERMINED", "unknownFacts": ' || array_to_json(${l}) || '}' ELSE ${plain} END`;
}

/**
 * One batch of screenings, screening i of the run for i in [$2, $3): drawn as the questionnaire's
 * traffic looks (channel, place, age band, household, verdicts by the benefit's odds and the age
 * bands it applies to, "I don't know" answers and the undetermined verdicts they leave, stops), and
 * whether it gets a follow-up: exactly $7 of the $6 screenings do, spread evenly. Ids are hashes of
 * the seed, semester and i ($1), so they repeat with the seed and differ between semesters.
 * Written out per benefit (one expression each, no subquery per screening): ten million screenings
 * are 160 million verdicts. The statuses are kept as two bit masks (likely, undetermined) for the fold.
 */
function chunkSql(benefits: readonly string[]): string {
  const draws = benefits.map((_, k) => `random() AS r${k}`).join(', ');
  const statuses = benefits
    .map((id, k) => {
      const odds = VERDICT_ODDS[id] ?? DEFAULT_ODDS;
      const ages = (odds as { ages?: readonly string[] }).ages;
      const applies = ages ? `(d.age IN (${[...ages, 'unknown'].map(literal).join(', ')}))` : 'true';
      return `CASE WHEN NOT ${applies} THEN 'NOT_ELIGIBLE' WHEN d.r${k} < ${odds.likely} THEN 'LIKELY_ELIGIBLE'
        WHEN d.r${k} < ${odds.likely + odds.undetermined} THEN 'UNDETERMINED' ELSE 'NOT_ELIGIBLE' END AS s${k}`;
    })
    .join(',\n      ');
  const mask = (status: string) => benefits.map((_, k) => `CASE WHEN e.s${k} = '${status}' THEN ${2 ** k} ELSE 0 END`).join(' + ');
  const likelyIds = benefits.map((id, k) => `CASE WHEN e.s${k} = 'LIKELY_ELIGIBLE' THEN ${literal(id)} END`).join(', ');
  const fact = (r: string) => drawSql(DONT_KNOW_FACTS, r);
  return `
  INSERT INTO seed_chunk (i, screening_id, event_id, day, comune, province, region, orgs, organisation, channel, age, household, facts, stopped,
    likely_mask, undetermined_mask, likely_ids, followed)
  SELECT e.i, md5($1 || ':s:' || e.i)::uuid, md5($1 || ':e:' || e.i)::uuid, $4::date + floor(e.r_day * $5)::int,
    e.comune, e.province, e.region, coalesce(e.orgs, $8::text[]),
    CASE WHEN e.channel = 'self' THEN NULL ELSE e.orgs[1 + floor(e.r_org * cardinality(e.orgs))::int] END,
    e.channel, e.age, e.household, e.facts, e.stopped,
    ${mask('LIKELY_ELIGIBLE')}, ${mask('UNDETERMINED')},
    array_remove(ARRAY[${likelyIds}], NULL),
    (e.i + 1) * $7::bigint / $6::bigint > e.i * $7::bigint / $6::bigint
  FROM (
    SELECT d.*, ${statuses}
    FROM (
      SELECT x.*, p.comune, p.province, p.region, p.orgs,
        CASE WHEN x.r_dk >= ${DONT_KNOW_SHARE} THEN '{}'::text[]
          WHEN x.r_two < 0.2 AND ${fact('x.r_f2')} <> ${fact('x.r_f1')} THEN ARRAY[${fact('x.r_f1')}, ${fact('x.r_f2')}]
          ELSE ARRAY[${fact('x.r_f1')}] END AS facts,
        array_remove(ARRAY[CASE WHEN x.r_isee < 0.12 THEN 'ISEE' END, CASE WHEN x.r_res < 0.05 THEN 'RESIDENCE' END], NULL) AS stopped
      FROM (
        SELECT g.*, ${drawSql(CHANNELS, 'g.r_ch')} AS channel, ${drawSql(AGE_BANDS, 'g.r_age')} AS age, ${drawSql(HOUSEHOLDS, 'g.r_hh')} AS household
        FROM (
          SELECT i, random() AS r_ch, random() AS r_np, random() AS r_pl, random() AS r_age, random() AS r_hh, random() AS r_org, random() AS r_day,
            random() AS r_dk, random() AS r_f1, random() AS r_two, random() AS r_f2, random() AS r_isee, random() AS r_res, ${draws}
          FROM generate_series($2::bigint, $3::bigint - 1) AS i
        ) g
      ) x
      -- Some self-assessments give no comune; they count nationally only. width_bucket: the place whose share of [0, 1) holds the draw.
      LEFT JOIN seed_place p ON p.k = width_bucket(x.r_pl, $9::float8[]) AND NOT (x.channel = 'self' AND x.r_np < 0.2)
    ) d
  ) e`;
}

/**
 * The verdicts of the batch's screenings, built once per distinct combination of statuses and
 * unknown facts (far fewer than screenings) and joined back when the outcomes are written.
 */
function patternsSql(benefits: readonly string[]): string {
  return `
  INSERT INTO seed_pattern (likely_mask, undetermined_mask, facts, verdicts)
  SELECT p.likely_mask, p.undetermined_mask, p.facts, ('[' || concat_ws(', ', ${benefits.map((id, k) => verdictText(id, k)).join(', ')}) || ']')::jsonb
  FROM (SELECT DISTINCT likely_mask, undetermined_mask, facts FROM seed_chunk) p`;
}

/** The batch's rollup rows, summed per comune first and then spread to its province, region and the country, added to the folded counters. */
async function foldChunk(m: EntityManager, semester: string, benefits: readonly string[]): Promise<void> {
  // The seed's rows are counted here, not left pending: it writes the folded counters, one writer at a time with the worker's fold.
  await takeFoldLock(m, true);
  const scopes = `CROSS JOIN LATERAL (VALUES ('country', 'IT'), ('comune', c.comune), ('province', c.province), ('region', c.region)) AS s(level, code)
    WHERE s.code IS NOT NULL`;
  await m.query(
    `INSERT INTO screening_rollup_folded (semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence)
     SELECT $1, s.level, s.code, c.channel, sum(c.n), sum(c.with_likely), sum(c.isee), sum(c.residence)
     FROM (SELECT comune, province, region, channel, count(*) AS n, count(*) FILTER (WHERE likely_mask > 0) AS with_likely,
             count(*) FILTER (WHERE 'ISEE' = ANY(stopped)) AS isee, count(*) FILTER (WHERE 'RESIDENCE' = ANY(stopped)) AS residence
           FROM seed_chunk GROUP BY 1, 2, 3, 4) c ${scopes}
     GROUP BY 2, 3, 4
     ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET
       screenings = screening_rollup_folded.screenings + EXCLUDED.screenings,
       with_likely = screening_rollup_folded.with_likely + EXCLUDED.with_likely,
       stopped_isee = screening_rollup_folded.stopped_isee + EXCLUDED.stopped_isee,
       stopped_residence = screening_rollup_folded.stopped_residence + EXCLUDED.stopped_residence`,
    [semester],
  );
  // Every screening has a verdict for every benefit of its rule set: assessments are the screenings; likely and
  // undetermined are the bits of the masks, summed per comune (a pass over the batch, not over its verdicts).
  const bits = (column: string) => benefits.map((_, k) => `count(*) FILTER (WHERE ${column} & ${2 ** k} <> 0)`).join(', ');
  await m.query(
    `INSERT INTO benefit_rollup_folded (semester, level, territory_code, benefit_id, assessments, likely, undetermined)
     SELECT $1, s.level, s.code, ($2::text[])[b.k], sum(c.n), sum(c.likely[b.k]), sum(c.undetermined[b.k])
     FROM (SELECT comune, province, region, count(*) AS n, ARRAY[${bits('likely_mask')}] AS likely, ARRAY[${bits('undetermined_mask')}] AS undetermined
           FROM seed_chunk GROUP BY 1, 2, 3) c
     CROSS JOIN generate_series(1, ${benefits.length}) AS b(k) ${scopes}
     GROUP BY 2, 3, 4
     ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET
       assessments = benefit_rollup_folded.assessments + EXCLUDED.assessments,
       likely = benefit_rollup_folded.likely + EXCLUDED.likely,
       undetermined = benefit_rollup_folded.undetermined + EXCLUDED.undetermined`,
    [semester, benefits],
  );
  await m.query(
    `INSERT INTO unknown_fact_rollup_folded (semester, level, territory_code, channel, fact, benefit_id, answers)
     SELECT $1, s.level, s.code, c.channel, c.fact, c.benefit_id, sum(c.n)
     FROM (SELECT comune, province, region, channel, fact, benefit_id, count(*) AS n FROM (
             SELECT comune, province, region, channel, f AS fact, '' AS benefit_id FROM seed_chunk CROSS JOIN LATERAL unnest(facts) AS f
             UNION ALL
             SELECT c.comune, c.province, c.region, c.channel, f, v->>'benefitId'
             FROM seed_chunk c JOIN seed_pattern p USING (likely_mask, undetermined_mask, facts)
               CROSS JOIN LATERAL jsonb_array_elements(p.verdicts) AS v CROSS JOIN LATERAL jsonb_array_elements_text(v->'unknownFacts') AS f
             WHERE cardinality(c.facts) > 0
           ) u GROUP BY 1, 2, 3, 4, 5, 6) c ${scopes}
     GROUP BY 2, 3, 4, 5, 6
     ON CONFLICT (semester, level, territory_code, channel, fact, benefit_id) DO UPDATE SET
       answers = unknown_fact_rollup_folded.answers + EXCLUDED.answers`,
    [semester],
  );
}

/**
 * The batch's follow-ups: most people taken in charge within a few weeks of the screening, inside the
 * semester ($2 its last day), by the screening's partner (or one of the place's); needs and help
 * drawn from the catalogues ($3, $4), up to three of the likely benefits filed, each decided or not.
 * Recorded on the day itself, last changed when the latest decision came in.
 */
async function writeFollowUps(m: EntityManager, salt: string, last: string, semester: string): Promise<{ followUps: number; applications: number }> {
  const someOf = (array: string, count: string) =>
    `(SELECT coalesce(array_agg(e ORDER BY o), '{}') FROM (SELECT e, o FROM unnest(${array}) WITH ORDINALITY AS u(e, o) WHERE c.i >= 0 ORDER BY random() LIMIT ${count}) z)`;
  await m.query(
    `INSERT INTO seed_follow_up
     SELECT c.id, c.screening_id, c.organisation, c.day, c.needs, ${someOf('$3::text[]', 'c.help_from + floor(c.r_help * (3 - c.help_from))::int')}, c.filed
     FROM (
       SELECT c.i, md5($1 || ':f:' || c.i)::uuid AS id, c.screening_id, coalesce(c.organisation, c.orgs[1 + floor(random() * cardinality(c.orgs))::int]) AS organisation,
         LEAST(c.day + floor(random() * 4)::int * floor(random() * 16)::int, $4::date) AS day,
         ${someOf('$2::text[]', '1 + floor(random() * 3)::int')} AS needs, f.filed, CASE WHEN cardinality(f.filed) > 0 THEN 0 ELSE 1 END AS help_from, random() AS r_help
       FROM seed_chunk c
       CROSS JOIN LATERAL (SELECT ${someOf('c.likely_ids', 'floor(random() * (least(3, cardinality(c.likely_ids)) + 1))::int')} AS filed) f
       WHERE c.followed
     ) c`,
    [salt, NEED_TYPES, HELP_TYPES, last],
  );
  await m.query(
    `INSERT INTO seed_application
     SELECT f.id, b.id, r.result, CASE WHEN r.result = 'PENDING' THEN NULL ELSE f.day + 10 + floor(r.r_day * 111)::int END
     FROM seed_follow_up f CROSS JOIN LATERAL unnest(f.filed) AS b(id)
     CROSS JOIN LATERAL (SELECT ${drawSql(RESULTS, 'q.r')} AS result, q.r_day FROM (SELECT random() AS r, random() AS r_day WHERE b.id IS NOT NULL) q) r`,
  );
  await m.query(
    `INSERT INTO follow_up (id, screening_id, organisation_id, day, semester, needs, help_types, created_on, updated_on)
     SELECT f.id, f.screening_id, f.organisation, f.day, $1, f.needs, CASE WHEN cardinality(f.filed) > 0 THEN 'APPLICATION'::text || f.help ELSE f.help END,
       f.day, GREATEST(f.day, a.decided)
     FROM seed_follow_up f LEFT JOIN (SELECT follow_up_id, max(result_date) AS decided FROM seed_application GROUP BY 1) a ON a.follow_up_id = f.id`,
    [semester],
  );
  await m.query(`INSERT INTO follow_up_application (follow_up_id, benefit_id, result, result_date) SELECT * FROM seed_application`);
  const [counts] = (await m.query(`SELECT (SELECT count(*) FROM seed_follow_up) AS f, (SELECT count(*) FROM seed_application) AS a`)) as {
    f: string;
    a: string;
  }[];
  return { followUps: Number(counts.f), applications: Number(counts.a) };
}

export async function seedMonitoring(
  dataSource: DataSource,
  registry: TerritoryRegistry,
  options: SeedOptions,
  log: (message: string) => void = () => undefined,
): Promise<SeedCounts> {
  const semester = parseSemester(options.semester).id;
  if (!Number.isInteger(options.screenings) || options.screenings < 0) throw new RangeError('screenings must be a whole number ≥ 0');
  if (!Number.isInteger(options.followUps) || options.followUps < 0 || options.followUps > options.screenings) {
    throw new RangeError('follow-ups must be a whole number between 0 and the number of screenings');
  }
  const existing = (await dataSource.query(`SELECT count(*)::int AS n FROM screening_outcome WHERE semester = $1`, [semester])) as { n: number }[];
  if (existing[0].n > 0) {
    throw new SeedRefusedError(
      `Semester ${semester} already has ${existing[0].n} screenings; the seed only fills an empty semester (choose another --semester or a fresh database)`,
    );
  }

  // The semester is mixed into the seed: the same --seed gives the same rows for a semester, and
  // other ids (no clash) for another one.
  const prng = new Prng(Math.imul(options.seed ^ (Number(semester.slice(0, 4)) * 2 + Number(semester.slice(5))), 0x9e3779b1));
  const first = semesterFirstDay(semester);
  const last = semesterLastDay(semester);
  const length = daysBetween(first, last) + 1;
  const geography = new Geography(registry, last);
  const ruleSetId = Number(semester.slice(0, 4)) >= 2026 ? 'it-2026' : 'it-2019-10';
  const benefits = benefitIdsOf([ruleSetId]);
  // A quarter of the run per batch, between 50,000 and 1,000,000: enough batches for the connections to share,
  // few enough that the fold (about the same cost per batch: comuni × benefits rows) stays small beside the rest.
  const batchSize = options.batchSize ?? Math.min(1_000_000, Math.max(50_000, Math.ceil(options.screenings / 4)));

  const agreements = await seedAgreements(dataSource, geography, semester);
  log(`agreements: ${agreements.agreements} (expected reporters ${agreements.expectedReporters})`);

  const chunk = chunkSql(benefits);
  const patterns = patternsSql(benefits);
  const salt = `${options.seed}:${semester}`;
  const batches = Math.ceil(options.screenings / batchSize);
  let next = 0;
  let done = 0;
  let followUps = 0;
  let applications = 0;
  const started = Date.now();
  // Batches on SEED_CONNECTIONS connections at once, each with the draw tables as temporary tables of its session.
  const worker = async (): Promise<void> => {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      // Set before the session's first temporary table: a batch's working tables stay in memory across their several passes.
      await runner.query(`SET temp_buffers = '512MB'`);
      await runner.query(`SET work_mem = '256MB'`);
      const thresholds = await createDrawTables(runner.manager, geography);
      for (let batch = next++; batch < batches; batch = next++) {
        const from = batch * batchSize;
        const size = Math.min(batchSize, options.screenings - from);
        // Each batch's screenings, follow-ups and rollup rows commit together: an interrupted run leaves
        // rollups equal to a recount of the raw rows. setseed makes a batch's draws repeat with the seed.
        await runner.startTransaction();
        try {
          const m = runner.manager;
          const phases: string[] = [];
          let phaseStarted = Date.now();
          const phase = (name: string) => {
            phases.push(`${name} ${((Date.now() - phaseStarted) / 1000).toFixed(1)} s`);
            phaseStarted = Date.now();
          };
          await m.query(`SELECT setseed($1)`, [seedFraction(options.seed, semester, batch)]);
          await m.query(`TRUNCATE seed_chunk, seed_pattern, seed_follow_up, seed_application`);
          await m.query(chunk, [salt, from, from + size, first, length, options.screenings, options.followUps, NATIONAL_ORGANISATIONS, thresholds]);
          await m.query(`ANALYZE seed_chunk`);
          await m.query(patterns);
          await m.query(`ANALYZE seed_pattern`);
          phase('drawn');
          await m.query(
            `INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code,
               organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count, stopped_for, unknown_facts)
             SELECT c.screening_id, c.event_id, $1, c.day, $2, c.comune, c.province, c.region, c.organisation, c.channel,
               CASE WHEN c.channel = 'self' THEN 'self' ELSE 'operator' END, c.age, c.household, p.verdicts, cardinality(c.likely_ids), c.stopped, c.facts
             FROM seed_chunk c JOIN seed_pattern p USING (likely_mask, undetermined_mask, facts)`,
            [ruleSetId, semester],
          );
          phase('outcomes');
          const written = await writeFollowUps(m, salt, last, semester);
          phase('follow-ups');
          // Last, as it takes the fold lock until the commit: the other connections' batches wait for it only here.
          await foldChunk(m, semester, benefits);
          await runner.commitTransaction();
          phase('rollups');
          followUps += written.followUps;
          applications += written.applications;
          done += size;
          const seconds = (Date.now() - started) / 1000;
          log(
            `batch ${batch + 1}/${batches} (${phases.join(', ')}): screenings ${done.toLocaleString('en')}/${options.screenings.toLocaleString('en')}, ` +
              `follow-ups ${followUps.toLocaleString('en')} (${Math.round(done / Math.max(seconds, 0.001)).toLocaleString('en')}/s)`,
          );
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
      }
      await runner.query(`DROP TABLE seed_chunk, seed_pattern, seed_follow_up, seed_application, seed_place`);
    } finally {
      await runner.release();
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEED_CONNECTIONS, batches) }, worker));
  // Fresh statistics and visibility map for what was just written, so the first reports plan as later ones will.
  for (const table of [
    'screening_outcome',
    'follow_up',
    'follow_up_application',
    'screening_rollup_folded',
    'benefit_rollup_folded',
    'unknown_fact_rollup_folded',
  ]) {
    await dataSource.query(`VACUUM ANALYZE ${table}`);
  }

  const returns = await seedReturns(dataSource, prng, semester);
  const outreachEvents = await seedOutreachEvents(dataSource, prng, geography, semester, Math.max(1, Math.round(options.screenings / 250)));
  return {
    screenings: options.screenings,
    followUps,
    applications,
    agreements: agreements.agreements,
    expectedReporters: agreements.expectedReporters,
    returns,
    outreachEvents,
  };
}

/**
 * A framework agreement (national signatories, all of Italy), a territorial one per region (its
 * diocesan Caritas and ANCI section) and a local one per pilot city, active from 2024 on. Fixed
 * ids: seeding a second semester finds them and adds nothing.
 */
async function seedAgreements(dataSource: DataSource, geography: Geography, semester: string): Promise<{ agreements: number; expectedReporters: number }> {
  const rows: { id: string; kind: string; organisations: string[]; territories: string[] }[] = [
    { id: 'seed-framework', kind: 'FRAMEWORK', organisations: NATIONAL_ORGANISATIONS, territories: ['IT'] },
    ...geography
      .regionCodes()
      .map((region) => ({ id: `seed-territorial-${region}`, kind: 'TERRITORIAL', organisations: organisationsOf(region, null), territories: [region] })),
    ...PILOT_CITIES.map((city) => ({ id: `seed-local-${city.code}`, kind: 'LOCAL', organisations: [...city.organisations], territories: [city.code] })),
  ];
  const validFrom = '2024-03-14';
  const validTo = addDays(semesterLastDay(semester), 365 * 2);
  await dataSource.transaction(async (m) => {
    await m.query(
      `INSERT INTO agreement_state (agreement_id, code, kind, organisations, territories, valid_from, valid_to, activated)
       SELECT r.id, upper(r.id), r.kind, string_to_array(r.orgs, ','), string_to_array(r.territories, ','), $1, $2, true
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS r(id, kind, orgs, territories)
       ON CONFLICT (agreement_id) DO NOTHING`,
      [
        validFrom,
        validTo,
        rows.map((r) => r.id),
        rows.map((r) => r.kind),
        rows.map((r) => r.organisations.join(',')),
        rows.map((r) => r.territories.join(',')),
      ],
    );
    // Derived as the agreements consumer derives them: every organisation × every territory.
    await m.query(
      `INSERT INTO expected_reporter (agreement_id, organisation_id, territory_code, active_from, active_to)
       SELECT a.agreement_id, o.id, t.code, a.valid_from, a.valid_to
       FROM agreement_state a CROSS JOIN unnest(a.organisations) AS o(id) CROSS JOIN unnest(a.territories) AS t(code)
       WHERE a.agreement_id LIKE 'seed-%'
       ON CONFLICT DO NOTHING`,
    );
  });
  const counts = (await dataSource.query(`SELECT count(*)::int AS n FROM expected_reporter WHERE agreement_id LIKE 'seed-%'`)) as { n: number }[];
  return { agreements: rows.length, expectedReporters: counts[0].n };
}

/** Splits `total` into the categories at random (a single-valued breakdown adds up to its total). */
function partition(prng: Prng, total: number, categories: readonly string[]): Record<string, number> {
  const weights = categories.map(() => prng.next() + 0.05);
  const sum = weights.reduce((s, w) => s + w, 0);
  const out: Record<string, number> = {};
  let left = total;
  categories.forEach((category, index) => {
    const share = index === categories.length - 1 ? left : Math.min(left, Math.floor((total * weights[index]) / sum));
    out[category] = share;
    left -= share;
  });
  return out;
}

const sumOf = (values: Record<string, number>): number => Object.values(values).reduce((s, v) => s + v, 0);

/** A return that passes validateReturn: taken in charge ≤ contacted by category, and so on. */
function generateReturnValues(prng: Prng, benefits: readonly string[]): Record<string, unknown> {
  const people = (total: number, source?: Record<string, Record<string, number>>) => {
    const element: Record<string, unknown> = { total };
    for (const [key, breakdown] of [
      ['byAgeBand', 'ageBand'],
      ['bySex', 'sex'],
      ['byCitizenshipGroup', 'citizenshipGroup'],
      ['byHousingCondition', 'housingCondition'],
    ] as const) {
      const categories = categoryCodes(breakdown) ?? [];
      if (!source) {
        element[key] = partition(prng, total, categories);
        continue;
      }
      // Taken in charge: a share of each category of contacted, then fixed up to the total.
      const cap = source[key];
      const part: Record<string, number> = Object.fromEntries(categories.map((c) => [c, 0]));
      let left = total;
      for (const c of categories) {
        const take = Math.min(left, cap[c]);
        part[c] = take;
        left -= take;
      }
      element[key] = part;
    }
    return element;
  };
  const contacted = prng.int(40, 400);
  const contactedElement = people(contacted);
  const taken = Math.round(contacted * (0.3 + prng.next() * 0.4));
  const takenElement = people(taken, contactedElement as unknown as Record<string, Record<string, number>>);
  const needTypes = categoryCodes('needType') ?? [];
  const needsByType = Object.fromEntries(needTypes.map((c) => [c, prng.int(0, taken)]));
  const resolvedByType = Object.fromEntries(needTypes.map((c) => [c, Math.floor(needsByType[c] * prng.next() * 0.7)]));
  const helpByType = Object.fromEntries((categoryCodes('helpType') ?? []).map((c) => [c, prng.int(0, taken)]));
  const filed: Record<string, number> = {};
  const granted: Record<string, number> = {};
  const rejected: Record<string, number> = {};
  for (const b of benefits) {
    filed[b] = prng.chance(0.5) ? prng.int(0, Math.ceil(taken / 4)) : 0;
    granted[b] = Math.floor(filed[b] * prng.next() * 0.6);
    rejected[b] = Math.floor((filed[b] - granted[b]) * prng.next() * 0.4);
  }
  const filedTotal = sumOf(filed);
  return {
    peopleContacted: contactedElement,
    peopleTakenInCharge: takenElement,
    needsFound: { total: sumOf(needsByType), byNeedType: needsByType },
    needsResolved: { total: sumOf(resolvedByType), byNeedType: resolvedByType },
    helpGiven: { total: sumOf(helpByType), byHelpType: helpByType },
    applicationsFiled: {
      total: filedTotal,
      byBenefit: filed,
      byOutcome: { GRANTED: sumOf(granted), REJECTED: sumOf(rejected), PENDING: filedTotal - sumOf(granted) - sumOf(rejected) },
    },
    applicationsGranted: { total: sumOf(granted), byBenefit: granted },
    applicationsRejected: { total: sumOf(rejected), byBenefit: rejected },
  };
}

/** Most expected reporters file; most of those on time; most returns accepted. */
async function seedReturns(dataSource: DataSource, prng: Prng, semester: string): Promise<number> {
  const dataset = returnDatasetFor(semester);
  if (!dataset) return 0;
  const reporters = (await dataSource.query(
    `SELECT DISTINCT organisation_id, territory_code FROM expected_reporter
     WHERE active_from <= $2 AND (active_to IS NULL OR active_to >= $1) ORDER BY 1, 2`,
    [semesterFirstDay(semester), semesterLastDay(semester)],
  )) as { organisation_id: string; territory_code: string }[];
  const statuses = new WeightedTable<'ACCEPTED' | 'SUBMITTED' | 'RETURNED' | null>([
    ['ACCEPTED', 70],
    ['SUBMITTED', 15],
    ['RETURNED', 5],
    [null, 10],
  ]);
  const r = {
    org: [] as string[],
    territory: [] as string[],
    values: [] as string[],
    status: [] as string[],
    submitted: [] as string[],
    onTime: [] as boolean[],
  };
  for (const reporter of reporters) {
    const status = statuses.draw(prng);
    if (!status) continue;
    const lateness = prng.chance(0.85) ? prng.int(0, 30) : prng.int(31, 60);
    r.org.push(reporter.organisation_id);
    r.territory.push(reporter.territory_code);
    r.values.push(
      JSON.stringify(
        generateReturnValues(
          prng,
          dataset.ruleSetIds.flatMap((id) => benefitIdsOf([id])),
        ),
      ),
    );
    r.status.push(status);
    r.submitted.push(`${addDays(semesterLastDay(semester), lateness)}T10:00:00Z`);
    r.onTime.push(lateness <= 30);
  }
  const inserted = (await dataSource.query(
    `INSERT INTO partner_return (organisation_id, territory_code, semester, dataset_version, "values", status, first_submitted_at, on_time)
     SELECT r.org, r.territory, $1, $2, r.vals, r.status, r.submitted, r.on_time
     FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::text[], $7::timestamptz[], $8::boolean[]) AS r(org, territory, vals, status, submitted, on_time)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [semester, dataset.version, r.org, r.territory, r.values, r.status, r.submitted, r.onTime],
  )) as unknown[];
  return inserted.length;
}

/** Outreach events held in the semester (as `outreach-event.held` records them). */
async function seedOutreachEvents(dataSource: DataSource, prng: Prng, geography: Geography, semester: string, count: number): Promise<number> {
  const first = semesterFirstDay(semester);
  const length = daysBetween(first, semesterLastDay(semester)) + 1;
  const e = {
    id: [] as string[],
    org: [] as string[],
    territory: [] as string[],
    province: [] as (string | null)[],
    region: [] as (string | null)[],
    day: [] as string[],
    people: [] as number[],
    inTime: [] as boolean[],
  };
  for (let i = 0; i < count; i += 1) {
    const place = geography.draw(prng);
    e.id.push(prng.uuid());
    e.org.push(prng.pick(organisationsOf(place.region, place.comune)));
    e.territory.push(place.comune);
    e.province.push(place.province);
    e.region.push(place.region);
    e.day.push(addDays(first, prng.int(0, length - 1)));
    e.people.push(prng.int(5, 80));
    e.inTime.push(prng.chance(0.85));
  }
  const inserted = (await dataSource.query(
    `INSERT INTO outreach_event (event_id, agreement_id, organisation_id, territory_code, province_code, region_code, day, semester, people_contacted, communicated_in_time)
     SELECT e.id, NULL, e.org, e.territory, e.province, e.region, e.day, $1, e.people, e.in_time
     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::date[], $8::int[], $9::boolean[]) AS e(id, org, territory, province, region, day, people, in_time)
     ON CONFLICT DO NOTHING RETURNING 1`,
    [semester, e.id, e.org, e.territory, e.province, e.region, e.day, e.people, e.inTime],
  )) as unknown[];
  return inserted.length;
}
