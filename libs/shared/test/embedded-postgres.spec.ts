import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
jest.setTimeout(180_000);

async function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface RunnerOutput {
  owned: boolean;
  initialised: boolean;
  secondOwned: boolean;
  sameUrl: boolean;
  starts: number;
  user: string;
}

async function run(dataDir: string, port: number): Promise<RunnerOutput> {
  const { stdout } = await exec(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(__dirname, 'fixtures', 'embedded-postgres.runner.ts'), dataDir, String(port)],
    {
      cwd: join(__dirname, '..', '..', '..'),
      env: { ...process.env, TS_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json') },
    },
  );
  return JSON.parse(stdout.trim().split('\n').pop() as string) as RunnerOutput;
}

describe('startEmbeddedPostgres (in a child process: Jest cannot load the ES module)', () => {
  let base: string;

  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'inps-embedded-pg-'));
    // mkdtemp makes a 0700 folder; as root the server runs as the postgres user, who must enter it.
    await chmod(base, 0o755);
  });

  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('initialises once, reuses the data on the next start, and shares a running server', async () => {
    const dataDir = join(base, 'postgres');
    const port = await sparePort();
    const first = await run(dataDir, port);
    expect(first).toEqual({ owned: true, initialised: true, secondOwned: false, sameUrl: true, starts: 1, user: 'postgres' });
    const second = await run(dataDir, port);
    expect(second).toEqual({ owned: true, initialised: false, secondOwned: false, sameUrl: true, starts: 2, user: 'postgres' });
  });
});
