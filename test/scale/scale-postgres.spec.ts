/** The production topology (two of every process, three gateways) on BullMQ's PostgreSQL backend: see support/scenario.ts. */
import { scaleScenario } from './support/scenario';

jest.setTimeout(360_000);

describe('two or more of every process, queues in PostgreSQL (no Redis at all)', () => {
  it('counts every screening once, keeps rollups equal to a recount, one report per request, one job per period, a per-replica rate limit, across SIGKILLs', async () => {
    await scaleScenario('postgres');
  });
});
