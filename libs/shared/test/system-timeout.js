// Fault and security suites start and break whole stacks: a test may take minutes.
jest.setTimeout(300_000);
