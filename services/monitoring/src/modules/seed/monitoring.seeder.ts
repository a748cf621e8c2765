import { addDays, daysBetween } from '@inps/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import { validOn, type TerritoryRegistry } from '@inps/territories';
import { benefitIdsOf, categoryCodes, parseSemester, returnDatasetFor, semesterFirstDay, semesterLastDay } from '../../domain';
import { EVENT_AGE_BANDS, HOUSEHOLD_SIZE_BANDS, SCREENING_CHANNELS, type ScreeningChannel, type VerdictStatus } from '../events/event-contracts';
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
  /** Screenings per transaction (default 50,000). */
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

const CHANNELS = new WeightedTable<ScreeningChannel>([
  ['desk', 40],
  ['mobile_unit', 14],
  ['gazebo', 16],
  ['phone', 5],
  ['self', 25],
]);
const AGE_BANDS = new WeightedTable<(typeof EVENT_AGE_BANDS)[number]>([
  ['0-17', 2],
  ['18-29', 14],
  ['30-44', 24],
  ['45-59', 28],
  ['60-66', 12],
  ['67+', 16],
  ['unknown', 4],
]);
const HOUSEHOLDS = new WeightedTable<(typeof HOUSEHOLD_SIZE_BANDS)[number]>([
  ['1', 45],
  ['2', 20],
  ['3-4', 22],
  ['5+', 8],
  ['unknown', 5],
]);

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
/** Rows per INSERT statement: well under PostgreSQL's limits, big enough to amortise a round trip. */
const INSERT_SLICE = 5000;

const DEFAULT_ODDS = { likely: 0.05, undetermined: 0.05 };

const NEED_TYPES = categoryCodes('needType') ?? [];
const HELP_TYPES = (categoryCodes('helpType') ?? []).filter((code) => code !== 'APPLICATION');
const RESULTS = new WeightedTable<'GRANTED' | 'REJECTED' | 'PENDING'>([
  ['GRANTED', 45],
  ['REJECTED', 15],
  ['PENDING', 40],
]);

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

interface ScreeningRow {
  id: string;
  day: string;
  place: Place | null;
  organisation: string | null;
  likely: string[];
}

const CHANNEL_INDEX: Readonly<Record<string, number>> = Object.fromEntries(SCREENING_CHANNELS.map((channel, index) => [channel, index]));

/**
 * Rollup increments of one transaction. Counted per comune (flat number arrays, no string keys
 * per screening: this is the hot loop of a million-row seed), then spread to the comune's
 * province, region and the country when written, as OutcomesService does one screening at a time.
 */
/**
 * "I don't know" answers: about one screening in seven has one (rarely two), mostly the ISEE and the
 * years of residence; each leaves undetermined, among the benefits it decides, those whose verdict
 * came out UNDETERMINED. Drawn from a stream of their own, so the rest of the seeded rows stay as
 * they were before don't-knows existed.
 */
const DONT_KNOW_SHARE = 0.15;
const DONT_KNOW_FACTS = new WeightedTable<string>([
  ['isee', 50],
  ['yearsOfResidenceInItaly', 20],
  ['contributionWeeksLast4Years', 10],
  ['coupleIncome', 10],
  ['disabilityPercentage', 10],
]);
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

class Rollups {
  /** place key ('' for no comune) → [screenings, with likely, stopped ISEE, stopped residence] × channel. */
  private readonly screening = new Map<string, { place: Place | null; counts: number[] }>();
  /** place key → [assessments, likely, undetermined] × benefit. */
  private readonly benefit = new Map<string, number[]>();
  /** `place key|channel|fact|benefit` (benefit empty: the answer itself) → don't-know count. */
  private readonly unknown = new Map<string, number>();

  constructor(
    private readonly semester: string,
    private readonly benefits: readonly string[],
  ) {}

  add(place: Place | null, channel: string, statuses: readonly VerdictStatus[], likely: number, stopped: readonly string[]): void {
    const key = place?.comune ?? '';
    let entry = this.screening.get(key);
    if (!entry) {
      entry = { place, counts: new Array<number>(SCREENING_CHANNELS.length * 4).fill(0) };
      this.screening.set(key, entry);
      this.benefit.set(key, new Array<number>(this.benefits.length * 3).fill(0));
    }
    const at = CHANNEL_INDEX[channel] * 4;
    entry.counts[at] += 1;
    if (likely > 0) entry.counts[at + 1] += 1;
    if (stopped.includes('ISEE')) entry.counts[at + 2] += 1;
    if (stopped.includes('RESIDENCE')) entry.counts[at + 3] += 1;
    const b = this.benefit.get(key) as number[];
    for (let i = 0; i < statuses.length; i += 1) {
      b[i * 3] += 1;
      if (statuses[i] === 'LIKELY_ELIGIBLE') b[i * 3 + 1] += 1;
      else if (statuses[i] === 'UNDETERMINED') b[i * 3 + 2] += 1;
    }
  }

  /** After add() for the same screening: its don't-know facts, and the (fact, benefit) pairs they left undetermined. */
  addUnknown(place: Place | null, channel: string, facts: readonly string[], pairs: readonly (readonly [string, string])[]): void {
    const key = place?.comune ?? '';
    for (const fact of facts) this.unknown.set(`${key}|${channel}|${fact}|`, (this.unknown.get(`${key}|${channel}|${fact}|`) ?? 0) + 1);
    for (const [fact, benefit] of pairs) {
      const k = `${key}|${channel}|${fact}|${benefit}`;
      this.unknown.set(k, (this.unknown.get(k) ?? 0) + 1);
    }
  }

  async write(m: EntityManager): Promise<void> {
    // The seed's rows are counted here, not left pending: it writes the folded counters, one writer at a time with the worker's fold.
    await takeFoldLock(m, true);
    const screening = new Map<string, number[]>();
    const benefit = new Map<string, number[]>();
    const merge = (target: Map<string, number[]>, key: string, values: readonly number[]) => {
      const row = target.get(key);
      if (row) values.forEach((v, i) => (row[i] += v));
      else target.set(key, [...values]);
    };
    for (const [key, { place, counts }] of this.screening) {
      const scopes = ['country|IT'];
      if (place) {
        scopes.push(`comune|${place.comune}`);
        if (place.province) scopes.push(`province|${place.province}`);
        if (place.region) scopes.push(`region|${place.region}`);
      }
      const b = this.benefit.get(key) as number[];
      for (const scope of scopes) {
        SCREENING_CHANNELS.forEach((channel, c) => {
          if (counts[c * 4] > 0) merge(screening, `${scope}|${channel}`, counts.slice(c * 4, c * 4 + 4));
        });
        this.benefits.forEach((id, i) => {
          if (b[i * 3] > 0) merge(benefit, `${scope}|${id}`, b.slice(i * 3, i * 3 + 3));
        });
      }
    }
    const unknown = new Map<string, number>();
    for (const [key, count] of this.unknown) {
      const [placeKey, ...rest] = key.split('|');
      const place = this.screening.get(placeKey)?.place ?? null;
      const scopes = ['country|IT'];
      if (place) {
        scopes.push(`comune|${place.comune}`);
        if (place.province) scopes.push(`province|${place.province}`);
        if (place.region) scopes.push(`region|${place.region}`);
      }
      for (const scope of scopes) {
        const k = `${scope}|${rest.join('|')}`;
        unknown.set(k, (unknown.get(k) ?? 0) + count);
      }
    }
    if (unknown.size > 0) {
      const uk = [...unknown.keys()].map((key) => key.split('|'));
      await m.query(
        `INSERT INTO unknown_fact_rollup_folded (semester, level, territory_code, channel, fact, benefit_id, answers)
         SELECT $1, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[]) AS r
         ON CONFLICT (semester, level, territory_code, channel, fact, benefit_id) DO UPDATE SET
           answers = unknown_fact_rollup_folded.answers + EXCLUDED.answers`,
        [this.semester, ...[0, 1, 2, 3, 4].map((i) => uk.map((k) => k[i])), [...unknown.values()]],
      );
    }
    const keys = (map: Map<string, number[]>) => [...map.keys()].map((key) => key.split('|'));
    const sk = keys(screening);
    const sv = [...screening.values()];
    await m.query(
      `INSERT INTO screening_rollup_folded (semester, level, territory_code, channel, screenings, with_likely, stopped_isee, stopped_residence)
       SELECT $1, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[]) AS r
       ON CONFLICT (semester, level, territory_code, channel) DO UPDATE SET
         screenings = screening_rollup_folded.screenings + EXCLUDED.screenings,
         with_likely = screening_rollup_folded.with_likely + EXCLUDED.with_likely,
         stopped_isee = screening_rollup_folded.stopped_isee + EXCLUDED.stopped_isee,
         stopped_residence = screening_rollup_folded.stopped_residence + EXCLUDED.stopped_residence`,
      [this.semester, ...[0, 1, 2].map((i) => sk.map((k) => k[i])), ...[0, 1, 2, 3].map((i) => sv.map((v) => v[i]))],
    );
    const bk = keys(benefit);
    const bv = [...benefit.values()];
    await m.query(
      `INSERT INTO benefit_rollup_folded (semester, level, territory_code, benefit_id, assessments, likely, undetermined)
       SELECT $1, r.* FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[]) AS r
       ON CONFLICT (semester, level, territory_code, benefit_id) DO UPDATE SET
         assessments = benefit_rollup_folded.assessments + EXCLUDED.assessments,
         likely = benefit_rollup_folded.likely + EXCLUDED.likely,
         undetermined = benefit_rollup_folded.undetermined + EXCLUDED.undetermined`,
      [this.semester, ...[0, 1, 2].map((i) => bk.map((k) => k[i])), ...[0, 1, 2].map((i) => bv.map((v) => v[i]))],
    );
  }
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
  const dontKnowPrng = new Prng(Math.imul(options.seed ^ (Number(semester.slice(0, 4)) * 2 + Number(semester.slice(5))), 0x85ebca6b));
  const first = semesterFirstDay(semester);
  const last = semesterLastDay(semester);
  const length = daysBetween(first, last) + 1;
  const geography = new Geography(registry, last);
  const ruleSetId = Number(semester.slice(0, 4)) >= 2026 ? 'it-2026' : 'it-2019-10';
  const benefits = benefitIdsOf([ruleSetId]);
  const batchSize = options.batchSize ?? 50_000;

  const agreements = await seedAgreements(dataSource, geography, semester);
  log(`agreements: ${agreements.agreements} (expected reporters ${agreements.expectedReporters})`);

  let followUpsLeft = options.followUps;
  let applications = 0;
  const started = Date.now();
  for (let done = 0; done < options.screenings;) {
    const size = Math.min(batchSize, options.screenings - done);
    const rollups = new Rollups(semester, benefits);
    const cols = {
      id: [] as string[],
      event: [] as string[],
      day: [] as string[],
      comune: [] as (string | null)[],
      province: [] as (string | null)[],
      region: [] as (string | null)[],
      org: [] as (string | null)[],
      channel: [] as string[],
      mode: [] as string[],
      age: [] as string[],
      household: [] as string[],
      verdicts: [] as string[],
      likely: [] as number[],
      stopped: [] as string[],
      unknown: [] as string[],
    };
    const chosen: ScreeningRow[] = [];
    for (let i = 0; i < size; i += 1) {
      const channel = CHANNELS.draw(prng);
      // Some self-assessments give no comune; they count nationally only.
      const place = channel === 'self' && prng.chance(0.2) ? null : geography.draw(prng);
      const age = AGE_BANDS.draw(prng);
      const verdicts = benefits.map((benefitId) => {
        const odds = VERDICT_ODDS[benefitId] ?? DEFAULT_ODDS;
        const applies = !odds.ages || odds.ages.includes(age) || age === 'unknown';
        const r = prng.next();
        const status: VerdictStatus = !applies
          ? 'NOT_ELIGIBLE'
          : r < odds.likely
            ? 'LIKELY_ELIGIBLE'
            : r < odds.likely + odds.undetermined
              ? 'UNDETERMINED'
              : 'NOT_ELIGIBLE';
        return { benefitId, status } as { benefitId: string; status: VerdictStatus; unknownFacts?: string[] };
      });
      const unknownFacts: string[] = [];
      if (dontKnowPrng.chance(DONT_KNOW_SHARE)) {
        unknownFacts.push(DONT_KNOW_FACTS.draw(dontKnowPrng));
        const second = dontKnowPrng.chance(0.2) ? DONT_KNOW_FACTS.draw(dontKnowPrng) : unknownFacts[0];
        if (second !== unknownFacts[0]) unknownFacts.push(second);
      }
      const pairs: [string, string][] = [];
      for (const v of verdicts) {
        if (v.status !== 'UNDETERMINED') continue;
        const lacked = unknownFacts.filter((fact) => DECIDES[fact]?.includes(v.benefitId));
        if (lacked.length === 0) continue;
        v.unknownFacts = lacked;
        for (const fact of lacked) pairs.push([fact, v.benefitId]);
      }
      const likely = verdicts.filter((v) => v.status === 'LIKELY_ELIGIBLE');
      const stopped = [...(prng.chance(0.12) ? ['ISEE'] : []), ...(prng.chance(0.05) ? ['RESIDENCE'] : [])];
      const organisation = channel === 'self' ? null : prng.pick(organisationsOf(place?.region ?? null, place?.comune ?? null));
      const row: ScreeningRow = { id: prng.uuid(), day: addDays(first, prng.int(0, length - 1)), place, organisation, likely: likely.map((v) => v.benefitId) };
      cols.id.push(row.id);
      cols.event.push(prng.uuid());
      cols.day.push(row.day);
      cols.comune.push(place?.comune ?? null);
      cols.province.push(place?.province ?? null);
      cols.region.push(place?.region ?? null);
      cols.org.push(organisation);
      cols.channel.push(channel);
      cols.mode.push(channel === 'self' ? 'self' : 'operator');
      cols.age.push(age);
      cols.household.push(HOUSEHOLDS.draw(prng));
      cols.verdicts.push(JSON.stringify(verdicts));
      cols.likely.push(likely.length);
      cols.stopped.push(stopped.join(','));
      cols.unknown.push(unknownFacts.join(','));
      rollups.add(
        place,
        channel,
        verdicts.map((v) => v.status),
        likely.length,
        stopped,
      );
      rollups.addUnknown(place, channel, unknownFacts, pairs);
      // Selection sampling: exactly `followUps` screenings get a follow-up, spread evenly.
      const remaining = options.screenings - (done + i);
      if (followUpsLeft > 0 && prng.next() * remaining < followUpsLeft) {
        chosen.push(row);
        followUpsLeft -= 1;
      }
    }

    await dataSource.transaction(async (m) => {
      // Rows in slices of INSERT_SLICE (one statement each); the rollups once per transaction,
      // because most of the rollup rows are comune × benefit and a bigger batch folds more
      // screenings into each of them.
      for (let from = 0; from < size; from += INSERT_SLICE) {
        const slice = <T>(values: T[]): T[] => values.slice(from, from + INSERT_SLICE);
        await m.query(
          `INSERT INTO screening_outcome (screening_id, event_id, rule_set_id, day, semester, comune_code, province_code, region_code,
             organisation_id, channel, mode, age_band, household_size_band, verdicts, likely_count, stopped_for, unknown_facts)
           SELECT s.id, s.event, $1, s.day, $2, s.comune, s.province, s.region, s.org, s.channel, s.mode, s.age, s.household, s.verdicts,
             s.likely, string_to_array(s.stopped, ','), string_to_array(s.unknown, ',')
           FROM unnest($3::uuid[], $4::uuid[], $5::date[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[],
             $13::text[], $14::jsonb[], $15::int[], $16::text[], $17::text[])
             AS s(id, event, day, comune, province, region, org, channel, mode, age, household, verdicts, likely, stopped, unknown)`,
          [
            ruleSetId,
            semester,
            ...[
              cols.id,
              cols.event,
              cols.day,
              cols.comune,
              cols.province,
              cols.region,
              cols.org,
              cols.channel,
              cols.mode,
              cols.age,
              cols.household,
              cols.verdicts,
              cols.likely,
              cols.stopped,
              cols.unknown,
            ].map((c) => slice<unknown>(c as unknown[])),
          ],
        );
      }
      await rollups.write(m);
      for (let from = 0; from < chosen.length; from += INSERT_SLICE)
        applications += await writeFollowUps(m, prng, semester, last, chosen.slice(from, from + INSERT_SLICE));
    });
    done += size;
    const seconds = (Date.now() - started) / 1000;
    log(
      `screenings ${done.toLocaleString('en')}/${options.screenings.toLocaleString('en')}, follow-ups ${(options.followUps - followUpsLeft).toLocaleString('en')} (${Math.round(done / Math.max(seconds, 0.001)).toLocaleString('en')}/s)`,
    );
  }

  const returns = await seedReturns(dataSource, prng, semester);
  const outreachEvents = await seedOutreachEvents(dataSource, prng, geography, semester, Math.max(1, Math.round(options.screenings / 250)));
  return {
    screenings: options.screenings,
    followUps: options.followUps - followUpsLeft,
    applications,
    agreements: agreements.agreements,
    expectedReporters: agreements.expectedReporters,
    returns,
    outreachEvents,
  };
}

async function writeFollowUps(m: EntityManager, prng: Prng, semester: string, last: string, rows: readonly ScreeningRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const f = {
    id: [] as string[],
    screening: [] as string[],
    org: [] as string[],
    day: [] as string[],
    updated: [] as string[],
    needs: [] as string[],
    help: [] as string[],
  };
  const a = { followUp: [] as string[], benefit: [] as string[], result: [] as string[], resultDate: [] as (string | null)[] };
  for (const row of rows) {
    const id = prng.uuid();
    // Most people are taken in charge within a few weeks of the screening, inside the semester.
    const day = [addDays(row.day, prng.int(0, 3) * prng.int(0, 15)), last].sort()[0];
    const filed = prng.some(row.likely, prng.int(0, Math.min(3, row.likely.length)));
    const help = prng.some(HELP_TYPES, prng.int(filed.length > 0 ? 0 : 1, 2));
    f.id.push(id);
    f.screening.push(row.id);
    f.org.push(row.organisation ?? prng.pick(organisationsOf(row.place?.region ?? null, row.place?.comune ?? null)));
    f.day.push(day);
    f.needs.push(prng.some(NEED_TYPES, prng.int(1, 3)).join(','));
    f.help.push((filed.length > 0 ? ['APPLICATION', ...help] : help).join(','));
    // Recorded on the day itself, last changed when the latest decision came in.
    let updated = day;
    for (const benefit of filed) {
      const result = RESULTS.draw(prng);
      const resultDate = result === 'PENDING' ? null : addDays(day, prng.int(10, 120));
      a.followUp.push(id);
      a.benefit.push(benefit);
      a.result.push(result);
      a.resultDate.push(resultDate);
      if (resultDate && resultDate > updated) updated = resultDate;
    }
    f.updated.push(updated);
  }
  await m.query(
    `INSERT INTO follow_up (id, screening_id, organisation_id, day, semester, needs, help_types, created_on, updated_on)
     SELECT f.id, f.screening, f.org, f.day, $1, string_to_array(f.needs, ','), string_to_array(f.help, ','), f.day, f.updated
     FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::date[], $6::text[], $7::text[], $8::date[]) AS f(id, screening, org, day, needs, help, updated)`,
    [semester, f.id, f.screening, f.org, f.day, f.needs, f.help, f.updated],
  );
  if (a.followUp.length > 0) {
    await m.query(
      `INSERT INTO follow_up_application (follow_up_id, benefit_id, result, result_date)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::date[])`,
      [a.followUp, a.benefit, a.result, a.resultDate],
    );
  }
  return a.followUp.length;
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
