'use strict';
/**
 * Jest globalTeardown of the integration project: removes what this run left on the shared servers
 * (queue keys of its test prefixes, databases of files that crashed before dropping theirs), so that
 * repeated runs on one machine do not pile up. Only names carrying this run's id are touched.
 */
const { Client } = require('pg');
const Redis = require('ioredis');

module.exports = async function globalTeardown() {
  const run = process.env.INPS_TEST_RUN;
  if (!/^[a-z0-9]{1,12}$/.test(run || '')) return;
  const redis = new Redis((process.env.TEST_REDIS_URL || '').trim() || 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `*-r${run}-*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  const pg = new Client({ connectionString: (process.env.TEST_DATABASE_URL || '').trim() || 'postgres://postgres@127.0.0.1:5432/postgres' });
  pg.on('error', () => undefined);
  await pg.connect();
  try {
    const { rows } = await pg.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`%\\_r${run}\\_%`]);
    for (const { datname } of rows) await pg.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
};
