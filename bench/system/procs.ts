import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';

/** The child processes of the run (services, workers, the floor server), with their resident memory sampled. */

export interface Proc {
  readonly name: string;
  readonly child: ChildProcess;
  /** Tail of stderr, shown when the process dies early. */
  stderr: string;
}

export class Processes {
  readonly procs: Proc[] = [];
  private sampler: NodeJS.Timeout | undefined;
  /** Peak VmRSS (KiB) per process name since the last `resetPeaks`. */
  private peaks = new Map<string, number>();

  start(name: string, args: readonly string[], env: Record<string, string>, nodeOptions: readonly string[] = []): Proc {
    const child = spawn(process.execPath, [...nodeOptions, ...args], {
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const proc: Proc = { name, child, stderr: '' };
    child.stderr?.on('data', (c: Buffer) => {
      proc.stderr = (proc.stderr + c.toString('utf8')).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      if (!this.stopping && code !== 0) process.stderr.write(`[system bench] ${name} exited early (${signal ?? code}):\n${proc.stderr}\n`);
    });
    this.procs.push(proc);
    return proc;
  }

  private stopping = false;

  /** SIGTERM to each child we started, by its pid; SIGKILL to any still alive after 10 s. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    this.stopSampling();
    await Promise.all(
      this.procs.map(
        (p) =>
          new Promise<void>((resolve) => {
            if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
            const kill = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
            p.child.once('exit', () => {
              clearTimeout(kill);
              resolve();
            });
            p.child.kill('SIGTERM');
          }),
      ),
    );
  }

  /** Samples every process's VmRSS every `ms`, keeping the peak per process. */
  startSampling(ms = 250): void {
    this.stopSampling();
    this.sampler = setInterval(() => this.sampleOnce(), ms);
    this.sampler.unref();
  }

  stopSampling(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = undefined;
  }

  resetPeaks(): void {
    this.peaks = new Map();
  }

  sampleOnce(): Map<string, number> {
    const now = new Map<string, number>();
    for (const p of this.procs) {
      const kib = rssKiB(p.child.pid);
      if (kib === undefined) continue;
      now.set(p.name, kib);
      this.peaks.set(p.name, Math.max(this.peaks.get(p.name) ?? 0, kib));
    }
    return now;
  }

  /** CPU seconds used so far by each process. */
  cpuSnapshot(): Map<string, number> {
    const now = new Map<string, number>();
    for (const p of this.procs) {
      const s = cpuSeconds(p.child.pid);
      if (s !== undefined) now.set(p.name, s);
    }
    return now;
  }

  peakSnapshot(): Map<string, number> {
    this.sampleOnce();
    return new Map(this.peaks);
  }
}

/** VmRSS of a process in KiB, from /proc (Linux), or undefined when gone. */
export function rssKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; undefined when gone. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at state; utime and stime are the 14th and 15th fields.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

export async function waitReady(port: number, path: string, proc?: Proc, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) throw new Error(`${proc.name} exited before it was ready:\n${proc.stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path, timeout: 2000 }, (res) => {
        res.resume();
        resolve((res.statusCode ?? 0) < 300);
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => req.destroy());
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`port ${port} never became ready`);
}

/** Waits until a process has been up for a while with no new output: for workers, which have no port. */
export async function settle(ms: number): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
}
