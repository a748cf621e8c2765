/**
 * Summarises a V8 .cpuprofile (as written by a run with SYSBENCH_CPU_PROF=<dir>): self time by
 * package (node_modules/<pkg>, our own code by workspace, node: internals, GC, idle) and the top
 * functions by self time.
 *
 *   node -r ts-node/register/transpile-only bench/system/profile-summary.ts FILE.cpuprofile [top] [skip-seconds]
 *
 * skip-seconds: samples of the first seconds (start-up: module loading, compilation) are left out.
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export function bucket(url: string, fn: string): string {
  if (fn === '(idle)' || fn === '(program)' || fn === '(garbage collector)') return fn;
  if (url === '') return '(native / V8)';
  if (url.startsWith('node:')) return 'node: internals';
  const mod = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (mod) return mod[1] as string;
  const ws = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (ws) return `${ws[1]}/${ws[2]}`;
  return url;
}

export function summarise(file: string, top = 15, skipSeconds = 0): string[] {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let clock = 0;
  p.samples.forEach((id, i) => {
    clock += p.timeDeltas[i] ?? 0;
    if (clock >= skipSeconds * 1e6) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;
  const byBucket = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const b = bucket(n.callFrame.url, n.callFrame.functionName);
    if (b === '(idle)') continue;
    byBucket.set(b, (byBucket.get(b) ?? 0) + t);
    const fn = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url
      .replace(/^.*node_modules\//, '')
      .replace(/^file:\/\/\/work\/main\//, '')
      .replace(/^\/work\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + t);
  }
  const pct = (t: number): string => `${((100 * t) / busy).toFixed(1)} %`;
  const lines = [
    `${file}: ${(total / 1e6).toFixed(1)} s profiled${skipSeconds ? ` after the first ${skipSeconds} s` : ''}, ${(busy / 1e6).toFixed(1)} s busy (not idle)`,
    '',
    'self time by package (share of busy time):',
  ];
  for (const [b, t] of [...byBucket.entries()].sort((a, c) => c[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t).padStart(7)}  ${b}`);
  lines.push('', 'top functions by self time:');
  for (const [f, t] of [...byFn.entries()].sort((a, c) => c[1] - a[1]).slice(0, top)) lines.push(`  ${pct(t).padStart(7)}  ${f}`);
  return lines;
}

if (require.main === module) {
  const [file, top, skip] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-summary.ts FILE.cpuprofile [top]');
  process.stdout.write(`${summarise(file, Number(top ?? 15), Number(skip ?? 0)).join('\n')}\n`);
}
