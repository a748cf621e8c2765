'use strict';
/**
 * Jest globalSetup of the integration project: fails at once, with a message saying what to do,
 * when the PostgreSQL or Redis the tests need does not answer (instead of every test timing out).
 */
const { Client } = require('pg');
const Redis = require('ioredis');

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function redact(url) {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function checkPostgres(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query("SELECT current_setting('server_version_num')::int AS v");
    if (rows[0].v < 130000) return `PostgreSQL at ${redact(url)} is version ${rows[0].v}; 13 or later is needed`;
    // Tests create and drop their own databases.
    const { rows: role } = await client.query('SELECT rolcreatedb OR rolsuper AS ok FROM pg_roles WHERE rolname = current_user');
    if (!role[0] || !role[0].ok) return `the PostgreSQL user of ${redact(url)} may not create databases (CREATEDB is needed)`;
    return undefined;
  } catch (error) {
    return `PostgreSQL does not answer at ${redact(url)}: ${error.message}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(url) {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let lastError;
  redis.on('error', (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    const pong = await redis.ping();
    return pong === 'PONG' ? undefined : `Redis at ${redact(url)} answered ${pong} to PING`;
  } catch (error) {
    return `Redis does not answer at ${redact(url)}: ${(lastError || error).message}`;
  } finally {
    redis.disconnect();
  }
}

module.exports = async function globalSetup() {
  // Every database and queue prefix made by this run carries this id; global-teardown.js removes them.
  // Workers start after this and inherit it.
  if (!/^[a-z0-9]{1,12}$/.test(process.env.INPS_TEST_RUN || '')) process.env.INPS_TEST_RUN = require('node:crypto').randomBytes(4).toString('hex');
  const databaseUrl = (process.env.TEST_DATABASE_URL || '').trim() || DEFAULT_DATABASE_URL;
  const redisUrl = (process.env.TEST_REDIS_URL || '').trim() || DEFAULT_REDIS_URL;
  const problems = (await Promise.all([checkPostgres(databaseUrl), checkRedis(redisUrl)])).filter(Boolean);
  if (problems.length > 0) {
    throw new Error(
      [
        'Integration tests need a running PostgreSQL (13+) and Redis.',
        ...problems.map((p) => `  - ${p}`),
        'Start them (.ci/run does), or point the tests at other servers:',
        '  TEST_DATABASE_URL=postgres://user:password@host:5432/postgres  (a user that may CREATE DATABASE)',
        '  TEST_REDIS_URL=redis://host:6379',
        'Unit tests alone: npx jest --selectProjects unit',
      ].join('\n'),
    );
  }
};
