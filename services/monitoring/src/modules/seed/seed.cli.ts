/**
 * `npm run seed:monitoring -- --screenings 1000000 [--follow-ups 100000] [--semester 2026S1] [--seed 42] [--database-url postgres://…]`
 *
 * Migrates the monitoring schema, then fills one semester with realistic data (see
 * monitoring.seeder.ts). Without --database-url it uses the service's configuration: DATABASE_URL,
 * or the embedded PostgreSQL under DATA_DIR that `npm start` uses. Refuses a semester that
 * already has screenings.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, loadConfig, resolveDatabase, runMigrations } from '@inps/shared';
import { loadTerritoryRegistry } from '@inps/territories';
import { MONITORING_DATABASE } from '../../migrations';
import { monitoringConfig } from '../../monitoring.config';
import { seedMonitoring, SeedRefusedError } from './monitoring.seeder';

export interface SeedArguments {
  readonly screenings: number;
  readonly followUps: number;
  readonly semester: string;
  readonly seed: number;
  readonly databaseUrl: string | undefined;
}

const USAGE = 'usage: seed.cli.js [--screenings N] [--follow-ups M] [--semester 2026S1] [--seed INT] [--database-url URL]';

/** Parses the flags; throws naming the flag that is wrong. */
export function parseSeedArguments(argv: readonly string[]): SeedArguments {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 1) {
    const [name, inline] = argv[i].split('=', 2);
    if (!['--screenings', '--follow-ups', '--semester', '--seed', '--database-url'].includes(name)) throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
    const value = inline ?? argv[(i += 1)];
    if (value === undefined) throw new Error(`${name} needs a value\n${USAGE}`);
    flags.set(name, value);
  }
  const whole = (name: string, fallback: number): number => {
    const raw = flags.get(name);
    if (raw === undefined) return fallback;
    const value = Number(raw.replace(/_/g, ''));
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${raw}`);
    return value;
  };
  const screenings = whole('--screenings', 10_000);
  return {
    screenings,
    followUps: whole('--follow-ups', Math.floor(screenings / 10)),
    semester: flags.get('--semester') ?? '2026S1',
    seed: whole('--seed', 20260101),
    databaseUrl: flags.get('--database-url'),
  };
}

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const args = parseSeedArguments(process.argv.slice(2));
  const config = loadConfig(monitoringConfig);
  const database = await resolveDatabase(args.databaseUrl ? { ...config, DATABASE_URL: args.databaseUrl } : config);
  const dataSource = new DataSource(buildDataSourceOptions({ url: database.url, ...MONITORING_DATABASE, applicationName: 'monitoring-seed' }));
  try {
    await dataSource.initialize();
    await runMigrations(dataSource);
    const started = Date.now();
    say(`seeding ${args.semester}: ${args.screenings} screenings, ${args.followUps} follow-ups (seed ${args.seed})`);
    const counts = await seedMonitoring(dataSource, loadTerritoryRegistry(), args, say);
    say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof SeedRefusedError ? `refused: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}
