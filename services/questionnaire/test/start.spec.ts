import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

/**
 * `npm start` with no configuration: an embedded PostgreSQL in a fresh data folder, queues on
 * PostgreSQL, the API and the worker; a screening can start; Ctrl-C stops everything. Uses the
 * built dist (npm test builds first) and spare ports, never the machine's shared servers.
 */
describe('npm start with no configuration', () => {
  jest.setTimeout(180_000);

  it('serves the screening API on an embedded PostgreSQL and stops cleanly on Ctrl-C', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'inps-start-'));
    // Run as root, the embedded server runs as the postgres user, which must be able to enter the folder.
    chmodSync(dataDir, 0o755);
    const [dbPort, apiPort, agreementsPort, monitoringPort] = [await sparePort(), await sparePort(), await sparePort(), await sparePort()];
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATA_DIR: dataDir,
      EMBEDDED_DB_PORT: String(dbPort),
      QUESTIONNAIRE_PORT: String(apiPort),
      AGREEMENTS_PORT: String(agreementsPort),
      MONITORING_PORT: String(monitoringPort),
      LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts/start.ts')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const base = `http://127.0.0.1:${apiPort}`;
      let ready = false;
      for (let i = 0; i < 240 && !ready && child.exitCode === null; i++) {
        ready = await fetch(`${base}/health/ready`).then((r) => r.status === 200, () => false);
        if (!ready) await new Promise((r) => setTimeout(r, 500));
      }
      if (!ready) throw new Error(`the stack did not become ready:\n${output.slice(-3000)}`);
      expect(output).toContain(`${base}/api/v1/screenings`);
      const res = await fetch(`${base}/api/v1/screenings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'self', language: 'en' }) });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { nextQuestion: { fact: string } };
      expect(body.nextQuestion.fact).toBe('age');
      for (const other of [agreementsPort, monitoringPort]) {
        let up = false;
        for (let i = 0; i < 120 && !up; i++) {
          up = await fetch(`http://127.0.0.1:${other}/health/ready`).then((r) => r.status === 200, () => false);
          if (!up) await new Promise((r) => setTimeout(r, 500));
        }
        expect(up).toBe(true);
      }

      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(await portOpen(apiPort)).toBe(false);
      expect(await portOpen(dbPort)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
