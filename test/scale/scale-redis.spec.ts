/** The production topology (two of every process, three gateways) on Redis queues: see support/scenario.ts. */
import { scaleScenario } from './support/scenario';

// The scale project sets no testTimeout of its own that Jest would read (it reads only the global one).
jest.setTimeout(360_000);

describe('two or more of every process, queues in Redis', () => {
  it('counts every screening once, keeps rollups equal to a recount, one report per request, one job per period, one rate limit, across SIGKILLs', async () => {
    await scaleScenario('redis');
  });
});
