import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { VegaLiteSpec } from './charts';

/**
 * Vega-Lite → Vega → SVG, in a worker thread.
 *
 * vega 6 and vega-lite 6 are ESM-only and vega has a top-level await, so a CommonJS build can
 * neither `require()` them (ERR_REQUIRE_ASYNC_MODULE, even on Node 20.19+) nor `import()` them
 * under Jest without --experimental-vm-modules. A worker is plain Node in both cases and loads
 * them with a native `import()`; it also keeps chart layout off the job's event loop. The
 * worker source is inline JavaScript so that it runs the same from `src` under Jest and from
 * `dist` in production. `renderer: 'none'` with `toSVG()` needs no native canvas.
 */

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const ready = Promise.all([import(workerData.vega), import(workerData.vegaLite)]);
function collector(messages) {
  let level = 0;
  const logger = {
    level(value) { if (value === undefined) return level; level = value; return logger; },
    error(...args) { messages.push('error: ' + args.join(' ')); return logger; },
    warn(...args) { messages.push(args.join(' ')); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}
parentPort.on('message', async (message) => {
  try {
    const [vega, vegaLite] = await ready;
    const svgs = [];
    const warnings = [];
    for (const spec of message.specs) {
      const logger = collector(warnings);
      const compiled = vegaLite.compile(spec, { logger }).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger, logLevel: vega.Warn });
      svgs.push(await view.toSVG());
      view.finalize();
    }
    parentPort.postMessage({ id: message.id, svgs, warnings });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.stack) || error) });
  }
});
`;

interface WorkerReply {
  readonly id: number;
  readonly svgs?: string[];
  readonly warnings?: string[];
  readonly error?: string;
}

/**
 * vega-lite says this for every layered chart with a step height even when only the width is
 * fitted; it changes nothing in the output.
 */
const BENIGN_WARNINGS = [/^Dropping "fit-y" because spec has discrete height\.$/];

export interface ChartRendererOptions {
  /** Receives vega and vega-lite warnings (which would otherwise go to the console), and the renderer's own. */
  readonly onWarning?: (message: string) => void;
}

export interface ChartRenderer {
  /** SVG documents, one per spec, in order. */
  render(specs: readonly VegaLiteSpec[]): Promise<string[]>;
  /** Stops the worker; the renderer cannot be used afterwards. */
  close(): Promise<void>;
}

/** Bounds a stuck layout; a report has four small charts, which take well under a second. */
const RENDER_TIMEOUT_MS = 60_000;

/**
 * A renderer with its own worker, started on first use. Share one across the reports of a job
 * to pay vega's loading time (about half a second) once.
 */
export function createChartRenderer(options: ChartRendererOptions = {}): ChartRenderer {
  let worker: Worker | null = null;
  let nextId = 1;
  let closed = false;
  const pending = new Map<number, { resolve: (svgs: string[]) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  const failAll = (error: Error): void => {
    for (const [id, request] of pending) {
      clearTimeout(request.timer);
      request.reject(error);
      pending.delete(id);
    }
    worker = null;
  };

  const start = (): Worker => {
    const started = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        vega: pathToFileURL(require.resolve('vega')).href,
        vegaLite: pathToFileURL(require.resolve('vega-lite')).href,
      },
    });
    started.on('message', (reply: WorkerReply) => {
      const request = pending.get(reply.id);
      if (!request) return;
      pending.delete(reply.id);
      clearTimeout(request.timer);
      for (const warning of reply.warnings ?? []) {
        if (!BENIGN_WARNINGS.some((pattern) => pattern.test(warning))) options.onWarning?.(warning);
      }
      if (reply.error !== undefined || !reply.svgs) request.reject(new Error(`Chart rendering failed: ${reply.error ?? 'no output'}`));
      else request.resolve(reply.svgs);
    });
    started.on('error', (error) => failAll(error));
    started.on('exit', (code) => {
      if (pending.size > 0) failAll(new Error(`Chart worker stopped (exit code ${code})`));
      worker = null;
    });
    // An idle renderer must not keep a process alive.
    started.unref();
    return started;
  };

  return {
    render(specs) {
      if (closed) return Promise.reject(new Error('Chart renderer is closed'));
      if (specs.length === 0) return Promise.resolve([]);
      worker ??= start();
      const active = worker;
      const id = nextId++;
      return new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`Chart rendering took more than ${RENDER_TIMEOUT_MS / 1000} s`));
          void active.terminate().catch((error: unknown) => options.onWarning?.(`could not stop a stuck chart worker: ${String(error)}`));
        }, RENDER_TIMEOUT_MS);
        pending.set(id, { resolve, reject, timer });
        active.postMessage({ id, specs });
      });
    },
    async close() {
      closed = true;
      const active = worker;
      worker = null;
      if (active) await active.terminate();
    },
  };
}

/** One-off rendering: starts a worker, renders, stops it. */
export async function renderChartsToSvg(specs: readonly VegaLiteSpec[], options: ChartRendererOptions = {}): Promise<string[]> {
  const renderer = createChartRenderer(options);
  try {
    return await renderer.render(specs);
  } finally {
    await renderer.close();
  }
}
