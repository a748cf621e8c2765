/**
 * Part 3 of the system benchmark, run as its own process by bench/system/run.ts:
 *
 *   node -r ts-node/register/transpile-only bench/system/monitoring-scale.ts --scales 50000,200000 --events 5000 --out FILE
 *
 * For each scale, on a fresh throwaway database of the local PostgreSQL (created, migrated, dropped):
 * seed that many screenings (services/monitoring/src/modules/seed, as services/monitoring/bench/run.ts does),
 * compile the national and the 20 regional semiannual reports with the report job's own pieces (the
 * same loop as services/monitoring/bench/run.ts, PDF for the national one), then ingest a fixed number
 * of screening.completed events through EventsConsumer.handle (the worker's handler) with the worker's
 * concurrency, into the same semester: what ingest costs once the tables hold that many screenings, with the
 * rollup fold beside it as in the worker, then as many through the path before decision 0019 and as many
 * outcome rows by bare INSERTs (the baseline of the same run).
 * services/monitoring/bench/run.ts itself is not called: it writes bench/RESULTS-monitoring.md.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, loadConfig, readTestEnvironment, runMigrations } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { semesterLastDay } from '../../services/monitoring/src/domain';
import { MONITORING_DATABASE } from '../../services/monitoring/src/migrations';
import { monitoringConfig, type MonitoringConfig } from '../../services/monitoring/src/monitoring.config';
import { AgreementsRegistryService } from '../../services/monitoring/src/modules/agreements-registry/agreements-registry.service';
import { EscalatedIssuesService } from '../../services/monitoring/src/modules/escalated-issues/escalated-issues.service';
import { GovernanceEventsService } from '../../services/monitoring/src/modules/governance-events/governance-events.service';
import { EventsConsumer } from '../../services/monitoring/src/modules/events/events.consumer';
import { MobileUnitRequestsService } from '../../services/monitoring/src/modules/mobile-unit-requests/mobile-unit-requests.service';
import { OutcomesService } from '../../services/monitoring/src/modules/outcomes/outcomes.service';
import { OutreachEventsService } from '../../services/monitoring/src/modules/outreach-events/outreach-events.service';
import { ReportInputBuilder } from '../../services/monitoring/src/modules/reports/report-input.builder';
import { RegistryTerritoryDirectory } from '../../services/monitoring/src/modules/territories/territory-directory';
import {
  buildReportSnapshot,
  createChartRenderer,
  renderCsv,
  renderJson,
  renderPdf,
  renderXlsx,
  toPartnerView,
} from '../../services/monitoring/src/modules/reports/render';
import { seedMonitoring } from '../../services/monitoring/src/modules/seed/monitoring.seeder';
import { Prng } from '../../services/monitoring/src/modules/seed/prng';
import { screeningEvents } from './screening-events';
import { RollupFolder } from '../../services/monitoring/src/modules/outcomes/rollup-folder';
import { pool, timeIngest, timeRawInsert } from '../../services/monitoring/bench/ingest';
import { legacyConsumer } from '../../services/monitoring/bench/legacy-ingest';

const SEMESTER = '2026S1';

export interface ScaleResult {
  screenings: number;
  seedSeconds: number;
  reports: number;
  reportsSeconds: number;
  reportsDataSeconds: number;
  nationalDataMs: number;
  ingestEvents: number;
  /** Until every event had committed (the rollup views count it from then on), the fold running beside as in the worker. */
  ingestSeconds: number;
  /** After that, until the fold had caught up (nothing pending). */
  ingestDrainSeconds: number;
  /** The same number of events through the path before decision 0019 (every rollup row incremented in the transaction). */
  legacySeconds: number;
  /** The floor: as many outcome rows by bare 500-row INSERTs, no dedupe, no rollup. */
  rawInsertSeconds: number;
  ingestConcurrency: number;
  /** Highest resident set of this process while the 21 reports were compiled, MiB. */
  reportsPeakRssMiB: number;
  tableRows: { screening_outcome: number };
  postgres: string;
}

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const since = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;

async function admin<T>(url: string, work: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function scale(adminUrl: string, screenings: number, events: number, log: (s: string) => void): Promise<ScaleResult> {
  const name = `sysbench_monitoring_${process.pid}_${screenings}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const ds = new DataSource(
    buildDataSourceOptions({
      url: url.toString(),
      ...MONITORING_DATABASE,
      poolSize: 20,
      applicationName: 'system-bench',
    }),
  );
  const charts = createChartRenderer();
  try {
    await ds.initialize();
    await runMigrations(ds);
    const [{ version }] = (await ds.query(`SELECT current_setting('server_version') AS version`)) as { version: string }[];
    const registry = loadTerritoryRegistry();
    const directory = new RegistryTerritoryDirectory(registry);
    const config: MonitoringConfig = { ...loadConfig(monitoringConfig, { DATABASE_URL: url.toString() }), DATABASE_URL: url.toString() };

    const seedStarted = process.hrtime.bigint();
    await seedMonitoring(ds, registry, { screenings, followUps: Math.floor(screenings / 10), semester: SEMESTER, seed: 2026 }, () => undefined);
    const seedSeconds = since(seedStarted);
    log(`  ${screenings} screenings seeded in ${seedSeconds.toFixed(1)} s`);
    await ds.query('VACUUM ANALYZE');

    const builder = new ReportInputBuilder(directory);
    const scopes = [null, ...directory.childrenOf('IT')];
    /** One report: its data gathered, its files rendered; returns the seconds spent gathering. */
    const report = async (code: string | null): Promise<number> => {
      const scope = builder.scopeOf(code);
      const started = process.hrtime.bigint();
      const input = await builder.build(ds.manager, SEMESTER, scope, 1, new Date(`${semesterLastDay(SEMESTER)}T12:00:00Z`));
      const data = since(started);
      const snapshot = buildReportSnapshot(input);
      let partner = null;
      try {
        partner = toPartnerView(snapshot);
      } catch {
        partner = null;
      }
      for (const s of partner ? [snapshot, partner] : [snapshot]) {
        renderJson(s);
        renderCsv(s);
        await renderXlsx(s);
      }
      if (code === null) await renderPdf(snapshot, 'it', { charts });
      return data;
    };
    // Warm-up, not timed: the renderers (charts, PDF, XLSX) start cold in a new process.
    await report(null);
    await report(scopes[1] ?? null);
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
    // The 21 reports twice; the faster round counts (the machine is shared: the slower one carries more noise).
    let dataSeconds = Infinity;
    let nationalDataMs = Infinity;
    let reportsSeconds = Infinity;
    for (let round = 0; round < 2; round++) {
      let data = 0;
      let national = 0;
      const reportsStarted = process.hrtime.bigint();
      for (const code of scopes) {
        const d = await report(code);
        data += d;
        if (code === null) national = d * 1000;
      }
      const total = since(reportsStarted);
      if (total < reportsSeconds) [reportsSeconds, dataSeconds, nationalDataMs] = [total, data, national];
    }
    clearInterval(sampler);
    log(`  ${scopes.length} reports in ${reportsSeconds.toFixed(1)} s, peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`);

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
    const prng = new Prng(screenings);
    const [list, old, raw] = [0, 1, 2].map(() => screeningEvents(events + 200, comuni, prng, SEMESTER));
    const concurrency = config.EVENTS_CONCURRENCY;
    const legacy = legacyConsumer(ds, config, directory);
    await pool(list.slice(0, 200), concurrency, (e) => consumer.handle(e)); // warm-up
    await pool(old.slice(0, 200), concurrency, (e) => legacy.handle(e));
    const timing = await timeIngest(consumer, new RollupFolder(ds), list.slice(200), concurrency, config.ROLLUP_FOLD_INTERVAL_MS);
    const legacyStarted = process.hrtime.bigint();
    await pool(old.slice(200), concurrency, (e) => legacy.handle(e));
    const legacySeconds = since(legacyStarted);
    const rawInsertSeconds = await timeRawInsert(ds, raw.slice(200));
    log(
      `  ${events} events ingested in ${timing.commitSeconds.toFixed(1)} s (fold drained ${timing.drainSeconds.toFixed(1)} s later); ` +
        `old path ${legacySeconds.toFixed(1)} s; raw INSERT ${rawInsertSeconds.toFixed(1)} s`,
    );
    const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM screening_outcome`)) as { n: number }[];
    return {
      screenings,
      seedSeconds,
      reports: scopes.length,
      reportsSeconds,
      reportsDataSeconds: dataSeconds,
      nationalDataMs,
      ingestEvents: events,
      ingestSeconds: timing.commitSeconds,
      ingestDrainSeconds: timing.drainSeconds,
      legacySeconds,
      rawInsertSeconds,
      ingestConcurrency: concurrency,
      reportsPeakRssMiB: Math.round(peakRss / 2 ** 20),
      tableRows: { screening_outcome: n },
      postgres: version,
    };
  } finally {
    await charts.close();
    if (ds.isInitialized) await ds.destroy();
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  }
}

async function main(): Promise<void> {
  const scales = arg('scales', '50000,200000')
    .split(',')
    .map((s) => Number(s.replace(/_/g, '')));
  const events = Number(arg('events', '5000'));
  const out = arg('out', '');
  const adminUrl = readTestEnvironment().databaseUrl;
  const results: ScaleResult[] = [];
  for (const n of scales) {
    process.stdout.write(`monitoring at ${n} screenings\n`);
    results.push(await scale(adminUrl, n, events, (s) => process.stdout.write(`${s}\n`)));
  }
  if (out) writeFileSync(out, JSON.stringify(results));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
