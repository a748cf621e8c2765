import { addDays } from '@inps/kernel';
/**
 * `npm run bench -w services/monitoring [-- --screenings 100000] [--follow-ups N] [--events 20000]`
 *
 * Against a throwaway database `inps_bench_monitoring_<pid>` on the server of TEST_DATABASE_URL
 * (default postgres://postgres@127.0.0.1:5432/postgres), created, migrated and dropped here:
 *  a. ingest: screening.completed events through EventsConsumer.handle, the worker's handler for
 *     the events queue, with several events in flight as the worker's concurrency allows and the
 *     rollup fold beside it; beside it, the old path (bench/legacy-ingest.ts) and the raw INSERT
 *     baseline (bench/ingest.ts); the queue itself is left out.
 *  b. seed (monitoring.seeder.ts), then the national and the 20 regional reports compiled by the
 *     report job's own pieces (ReportInputBuilder, buildReportSnapshot, toPartnerView, renderers):
 *     JSON, CSV and XLSX for all, PDF for the national one.
 *  c. baseline: one hand-written SQL query for the national totals over the raw rows, beside the
 *     time the national report takes to gather its data.
 * Writes bench/RESULTS-monitoring.md at the repository root.
 */
import 'reflect-metadata';
import { cpus, loadavg, totalmem } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, loadConfig, readTestEnvironment, runMigrations, type OutboxMessage } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { benefitIdsOf, semesterFirstDay, semesterLastDay } from '../src/domain';
import { MONITORING_DATABASE } from '../src/migrations';
import { monitoringConfig, type MonitoringConfig } from '../src/monitoring.config';
import { AgreementsRegistryService } from '../src/modules/agreements-registry/agreements-registry.service';
import { EscalatedIssuesService } from '../src/modules/escalated-issues/escalated-issues.service';
import { GovernanceEventsService } from '../src/modules/governance-events/governance-events.service';
import { EventsConsumer } from '../src/modules/events/events.consumer';
import { MobileUnitRequestsService } from '../src/modules/mobile-unit-requests/mobile-unit-requests.service';
import { OutcomesService } from '../src/modules/outcomes/outcomes.service';
import { OutreachEventsService } from '../src/modules/outreach-events/outreach-events.service';
import { ReportInputBuilder } from '../src/modules/reports/report-input.builder';
import { RegistryTerritoryDirectory } from '../src/modules/territories/territory-directory';
import { buildReportSnapshot, createChartRenderer, renderCsv, renderJson, renderPdf, renderXlsx, toPartnerView } from '../src/modules/reports/render';
import { seedMonitoring } from '../src/modules/seed/monitoring.seeder';
import { Prng } from '../src/modules/seed/prng';
import { RollupFolder } from '../src/modules/outcomes/rollup-folder';
import { pool, timeIngest, timeRawInsert, type IngestTiming } from './ingest';
import { legacyConsumer } from './legacy-ingest';

const ROOT = join(__dirname, '..', '..', '..');
const SEMESTER = '2026S1';
/** Ingested events go to the semester before, so the seed finds its own empty and the reports have a previous semester. */
const INGEST_SEMESTER = '2025S2';

interface Args {
  screenings: number;
  followUps: number;
  events: number;
}

function parseArgs(argv: readonly string[]): Args {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split('=', 2);
    if (!['--screenings', '--follow-ups', '--events'].includes(name)) throw new Error(`unknown option ${argv[i]}`);
    flags.set(name, inline ?? argv[(i += 1)]);
  }
  const whole = (name: string, fallback: number) => {
    const value = Number((flags.get(name) ?? String(fallback)).replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0`);
    return value;
  };
  const screenings = whole('--screenings', 1_000_000);
  return { screenings, followUps: whole('--follow-ups', Math.floor(screenings / 10)), events: whole('--events', 20_000) };
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function admin<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** screening.completed events as the questionnaire publishes them, over real comuni. */
function screeningEvents(count: number, comuni: readonly string[], prng: Prng): OutboxMessage[] {
  const benefits = benefitIdsOf(['it-2026']);
  const channels = ['desk', 'mobile_unit', 'gazebo', 'phone', 'self'];
  const ages = ['0-17', '18-29', '30-44', '45-59', '60-66', '67+', 'unknown'];
  return Array.from({ length: count }, () => {
    const channel = prng.pick(channels);
    // About one in seven answers "I don't know" to the ISEE, which leaves its UNDETERMINED verdicts lacking it.
    const dontKnow = prng.chance(0.15);
    const verdicts = benefits.map((benefitId) => {
      const status = prng.pick(['LIKELY_ELIGIBLE', 'NOT_ELIGIBLE', 'NOT_ELIGIBLE', 'UNDETERMINED']);
      return dontKnow && status === 'UNDETERMINED' ? { benefitId, status, unknownFacts: ['isee'] } : { benefitId, status };
    });
    return {
      id: prng.uuid(),
      type: 'screening.completed',
      occurredOn: addDays(semesterFirstDay(INGEST_SEMESTER), 0),
      payload: {
        screeningId: prng.uuid(),
        ruleSetId: 'it-2026',
        day: addDays(semesterFirstDay(INGEST_SEMESTER), prng.int(0, 183)),
        territory: prng.pick(comuni),
        organisationId: channel === 'self' ? null : 'caritas-roma',
        channel,
        mode: channel === 'self' ? 'self' : 'operator',
        ageBand: prng.pick(ages),
        householdSizeBand: prng.pick(['1', '2', '3-4', '5+', 'unknown']),
        verdicts,
        stoppedFor: prng.chance(0.1) ? ['ISEE'] : [],
        ...(dontKnow ? { unknownFacts: ['isee'] } : {}),
      },
    };
  });
}

/** The national totals of the report, computed the naive way: scans of the raw rows, no rollups. */
const BASELINE_SQL = `
  SELECT
    (SELECT json_agg(t) FROM (SELECT channel, count(*) AS screenings, count(*) FILTER (WHERE likely_count > 0) AS with_likely,
        count(*) FILTER (WHERE 'ISEE' = ANY(stopped_for)) AS stopped_isee, count(*) FILTER (WHERE 'RESIDENCE' = ANY(stopped_for)) AS stopped_residence
      FROM screening_outcome WHERE semester = $1 GROUP BY channel) t) AS by_channel,
    (SELECT json_agg(t) FROM (SELECT v->>'benefitId' AS benefit_id, count(*) AS assessments,
        count(*) FILTER (WHERE v->>'status' = 'LIKELY_ELIGIBLE') AS likely, count(*) FILTER (WHERE v->>'status' = 'UNDETERMINED') AS undetermined
      FROM screening_outcome s CROSS JOIN LATERAL jsonb_array_elements(s.verdicts) AS v WHERE s.semester = $1 GROUP BY 1) t) AS by_benefit,
    (SELECT json_agg(t) FROM (SELECT a.benefit_id, count(*) AS filed, count(*) FILTER (WHERE a.result = 'GRANTED') AS granted,
        count(*) FILTER (WHERE a.result <> 'PENDING') AS decided
      FROM follow_up f JOIN follow_up_application a ON a.follow_up_id = f.id WHERE f.semester = $1 GROUP BY 1) t) AS applications`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const adminUrl = readTestEnvironment().databaseUrl;
  const name = `inps_bench_monitoring_${process.pid}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const loadBefore = loadavg();
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  // Enough connections for the events in flight, as the worker's pool would have.
  const ds = new DataSource(
    buildDataSourceOptions({
      url: url.toString(),
      ...MONITORING_DATABASE,
      poolSize: 20,
      applicationName: 'monitoring-bench',
    }),
  );
  const charts = createChartRenderer();
  const lines: string[] = [];
  const log = (line: string) => {
    console.log(line);
    lines.push(line);
  };
  try {
    await ds.initialize();
    await runMigrations(ds);
    const [{ version }] = (await ds.query(`SELECT current_setting('server_version') AS version`)) as { version: string }[];
    const registry = loadTerritoryRegistry();
    const directory = new RegistryTerritoryDirectory(registry);
    const config: MonitoringConfig = { ...loadConfig(monitoringConfig, { DATABASE_URL: url.toString() }), DATABASE_URL: url.toString() };
    // The worker's handlers, wired as Nest wires them (the worker itself, JobsModule, is not started).
    const consumer = new EventsConsumer(
      ds,
      config,
      new OutcomesService(directory),
      new AgreementsRegistryService(),
      new OutreachEventsService(directory),
      new MobileUnitRequestsService(directory),
      new EscalatedIssuesService(directory),
      new GovernanceEventsService(directory),
    );
    const comuni = registry
      .all()
      .filter((t) => t.level === 'COMUNE' && t.validTo === null)
      .map((t) => t.istatCode);
    const prng = new Prng(42);

    // a. ingest: the current path (fold beside it), the old one and the raw INSERT baseline, one after the other at each concurrency
    const folder = new RollupFolder(ds);
    const legacy = legacyConsumer(ds, config, directory);
    const ingest: { concurrency: number; current: IngestTiming; legacySeconds: number; rawSeconds: number }[] = [];
    for (const concurrency of [...new Set([1, 16, config.EVENTS_CONCURRENCY, 512])]) {
      // One in flight is the old one-transaction-per-event pace: a tenth of the events is enough to time it.
      const count = concurrency === 1 ? Math.max(1000, Math.floor(args.events / 10)) : args.events;
      const [current, old, raw] = [0, 1, 2].map(() => screeningEvents(count, comuni, prng));
      await pool(current.slice(0, 200), concurrency, (e) => consumer.handle(e)); // warm-up
      await pool(old.slice(0, 200), concurrency, (e) => legacy.handle(e));
      const timing = await timeIngest(consumer, folder, current.slice(200), concurrency, config.ROLLUP_FOLD_INTERVAL_MS);
      let started = process.hrtime.bigint();
      await pool(old.slice(200), concurrency, (e) => legacy.handle(e));
      const legacySeconds = seconds(started);
      started = process.hrtime.bigint();
      const rawSeconds = await timeRawInsert(ds, raw.slice(200));
      ingest.push({ concurrency, current: timing, legacySeconds, rawSeconds });
      log(
        `ingest, ${concurrency} in flight: ${fmt(timing.events / timing.commitSeconds)} events/s committed, ` +
          `${fmt(timing.events / (timing.commitSeconds + timing.drainSeconds))} with the fold drained; old path ${fmt(timing.events / legacySeconds)}; ` +
          `raw INSERT ${fmt(timing.events / rawSeconds)}`,
      );
    }

    // b. seed and reports
    const seedStarted = process.hrtime.bigint();
    const counts = await seedMonitoring(ds, registry, { screenings: args.screenings, followUps: args.followUps, semester: SEMESTER, seed: 2026 }, (line) =>
      console.log(`  seed: ${line}`),
    );
    const seedSeconds = seconds(seedStarted);
    log(`seed: ${fmt(args.screenings)} screenings in ${fmt(seedSeconds, 1)} s`);
    // The seed vacuums what it wrote; this covers the ingest's tables too.
    await ds.query(`VACUUM ANALYZE`);

    const builder = new ReportInputBuilder(directory);
    const scopes = [null, ...directory.childrenOf('IT')];
    const reports: { scope: string; data: number; render: number; bytes: number }[] = [];
    // The report worker's memory: this process compiles the reports as the worker does (the chart renderer's
    // thread included); its resident set sampled every 20 ms while the 21 reports are compiled, the peak kept.
    const rssBefore = process.memoryUsage.rss();
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage.rss())), 20);
    const reportsStarted = process.hrtime.bigint();
    for (const code of scopes) {
      const scope = builder.scopeOf(code);
      const started = process.hrtime.bigint();
      const input = await builder.build(ds.manager, SEMESTER, scope, 1, new Date(`${semesterLastDay(SEMESTER)}T12:00:00Z`));
      const data = seconds(started);
      const snapshot = buildReportSnapshot(input);
      const partner = (() => {
        try {
          return toPartnerView(snapshot);
        } catch {
          return null;
        }
      })();
      let bytes = 0;
      for (const s of partner ? [snapshot, partner] : [snapshot]) {
        bytes += renderJson(s).length + renderCsv(s).length + (await renderXlsx(s)).length;
      }
      if (code === null) bytes += (await renderPdf(snapshot, 'it', { charts })).length;
      reports.push({ scope: scope.name, data, render: seconds(started) - data, bytes });
    }
    const reportsSeconds = seconds(reportsStarted);
    clearInterval(sampler);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
    const mib = (bytes: number) => fmt(bytes / 2 ** 20);
    log(
      `reports: ${reports.length} in ${fmt(reportsSeconds, 1)} s, data ${fmt(
        reports.reduce((s, r) => s + r.data, 0),
        1,
      )} s; RSS ${mib(rssBefore)} MiB before, peak ${mib(rssPeak)} MiB`,
    );

    // c. baseline, after the national report's data (both warm)
    const national = async () => {
      const started = process.hrtime.bigint();
      await builder.build(ds.manager, SEMESTER, builder.scopeOf(null), 1, new Date());
      return seconds(started);
    };
    const baseline = async () => {
      const started = process.hrtime.bigint();
      await ds.query(BASELINE_SQL, [SEMESTER]);
      return seconds(started);
    };
    // Best of three; once above two million screenings, where the baseline alone reads the whole outcome table for minutes.
    const tries = args.screenings > 2_000_000 ? 1 : 3;
    const best = async (f: () => Promise<number>) => {
      let fastest = Infinity;
      for (let i = 0; i < tries; i += 1) fastest = Math.min(fastest, await f());
      return fastest;
    };
    const nationalData = await best(national);
    const baselineSeconds = await best(baseline);
    log(`national data ${fmt(nationalData * 1000, 1)} ms, baseline ${fmt(baselineSeconds * 1000, 1)} ms`);

    const cpu = cpus();
    const ingestBest = Math.max(...ingest.map((r) => r.current.events / (r.current.commitSeconds + r.current.drainSeconds)));
    const ratio = nationalData / baselineSeconds;
    const md = [
      '# Monitoring benchmark results',
      '',
      `Run ${new Date().toISOString()} with \`npm run bench -w services/monitoring -- ${process.argv.slice(2).join(' ')}\`.`,
      '',
      `- Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${fmt(totalmem() / 2 ** 30, 1)} GiB RAM, Node ${process.version}`,
      `- PostgreSQL ${version} (${new URL(adminUrl).host}), throwaway database created, migrated and dropped by the run`,
      `- Load average before / after: ${loadBefore.map((l) => l.toFixed(2)).join(' ')} / ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (PostgreSQL and the benchmark share the machine)`,
      '',
      '## a. Ingest of screening.completed',
      '',
      'Method: events built beforehand (14 verdicts each, comuni drawn uniformly from all 7,900, semester 2025S2: the',
      'worst case for the rollups, every comune × benefit row is touched), then handed to `EventsConsumer.handle`, the',
      "handler the BullMQ worker calls for each job, with a fixed number in flight (the worker's concurrency); screenings in",
      'flight are applied together (`ScreeningBatcher`, one transaction per batch of up to 500). The queue itself (Redis',
      'round trips) is not timed. 200 events of warm-up per path and row. Three paths, one after the other at each concurrency,',
      'each with events of its own:',
      '',
      '- **current** (decision 0019-perf-ingest): the transaction appends the outcome rows and their `rollup_pending` rows',
      '  only; the rollup fold runs beside it as in the worker (a round every `ROLLUP_FOLD_INTERVAL_MS`). *committed*: until',
      '  every event had committed (from then on the rollup views count it); *drained*: until the fold had also caught up.',
      '- **old**: every rollup row of every level (about 42 per event) incremented in the transaction, as before 0019 (kept in',
      '  `bench/legacy-ingest.ts` for this comparison).',
      '- **raw INSERT**: the floor: the same number of outcome rows written by bare 500-row INSERTs into a copy of',
      '  `screening_outcome`, one statement at a time, no dedupe and no rollup.',
      '',
      'Goal: ≥ 5,000 events/s.',
      '',
      '| events in flight | events | current, committed events/s | current, drained events/s | old events/s | raw INSERT events/s | current committed / raw | current committed / old |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...ingest.map((r) => {
        const committed = r.current.events / r.current.commitSeconds;
        const drained = r.current.events / (r.current.commitSeconds + r.current.drainSeconds);
        const old = r.current.events / r.legacySeconds;
        const raw = r.current.events / r.rawSeconds;
        return `| ${r.concurrency} | ${fmt(r.current.events)} | ${fmt(committed)} | ${fmt(drained)} | ${fmt(old)} | ${fmt(raw)} | ${(committed / raw).toFixed(2)}× | ${(committed / old).toFixed(2)}× |`;
      }),
      '',
      `Goal ≥ 5,000 events/s: **${ingestBest >= 5000 ? 'met' : 'not met'}** (best ${fmt(ingestBest)} events/s committed, fold drained).`,
      '',
      '## b. Seed and semiannual reports',
      '',
      `Seed: ${fmt(counts.screenings)} screenings, ${fmt(counts.followUps)} follow-ups (${fmt(counts.applications)} applications), ${counts.agreements} agreements,`,
      `${counts.returns} returns, ${counts.outreachEvents} outreach events for ${SEMESTER}, in ${fmt(seedSeconds, 1)} s (${fmt(counts.screenings / seedSeconds)} screenings/s).`,
      '',
      'Reports: for Italy and each of the 20 regions, the data gathered from the rollups, the follow-ups and small tables',
      '(`ReportInputBuilder.build`, current and previous semester), the snapshot and the partner view built, JSON, CSV',
      'and XLSX rendered for both, and the PDF (with its charts) for the national report; nothing written back. Goal: < 60 s in all.',
      '',
      '| report | data ms | snapshot and files ms | bytes |',
      '| --- | ---: | ---: | ---: |',
      ...reports.map((r) => `| ${r.scope} | ${fmt(r.data * 1000, 1)} | ${fmt(r.render * 1000, 1)} | ${fmt(r.bytes)} |`),
      `| **all ${reports.length}** | ${fmt(reports.reduce((s, r) => s + r.data, 0) * 1000, 1)} | ${fmt(reports.reduce((s, r) => s + r.render, 0) * 1000, 1)} | |`,
      '',
      `Total ${fmt(reportsSeconds, 2)} s. Goal < 60 s: **${reportsSeconds < 60 ? 'met' : 'not met'}**.`,
      '',
      `Memory of the process compiling them (resident set, sampled every 20 ms): ${mib(rssBefore)} MiB before the first report,`,
      `peak ${mib(rssPeak)} MiB during the 21. Goal < 1 GiB: **${rssPeak < 2 ** 30 ? 'met' : 'not met'}**.`,
      '',
      '## c. Baseline: national totals in one hand-written query over the raw rows',
      '',
      'The same national figures the report needs from screenings and applications (by channel, by benefit, by',
      'benefit and result), in one SQL statement over `screening_outcome` (unnesting the verdicts) and the',
      `follow-ups, without the rollups. Best of ${tries === 1 ? 'one (above two million screenings)' : 'three'}, after the reports above, against the best of`,
      `${tries === 1 ? 'one' : 'three'} of the national report's data gathering.`,
      '',
      '| measurement | ms |',
      '| --- | ---: |',
      `| national report data (\`ReportInputBuilder.build\`) | ${fmt(nationalData * 1000, 1)} |`,
      `| baseline query over the raw rows | ${fmt(baselineSeconds * 1000, 1)} |`,
      `| **ratio report data / baseline** | **${ratio.toFixed(3)}×** |`,
      '',
      `Goal within 3× of the baseline: **${ratio <= 3 ? 'met' : 'not met'}**.`,
      '',
    ];
    const file = join(ROOT, 'bench', 'RESULTS-monitoring.md');
    writeFileSync(file, md.join('\n'));
    console.log(`wrote ${file}`);
  } finally {
    await charts.close();
    if (ds.isInitialized) await ds.destroy();
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
