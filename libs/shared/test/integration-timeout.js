// Jest reads `testTimeout` only globally, not per project: integration tests start apps (database,
// migrations, queues), which takes seconds on a loaded 2-core machine, so their hooks get a minute.
jest.setTimeout(60_000);
