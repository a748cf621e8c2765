import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { OnModuleDestroy } from '@nestjs/common';
import { ServiceUnavailableError } from '@inps/shared';
import type { SheetContent } from '../sheet-content';
import type { RenderReply, RenderRequest } from './sheet-render.worker';

/** 503: every thread is busy and the queue is full; the answer carries Retry-After (SheetBusyInterceptor). */
export class SheetRenderBusyError extends ServiceUnavailableError {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many sheets are being printed right now: retry in a moment');
  }
}

export interface SheetRenderPoolOptions {
  /** Threads rendering at once, started when first needed. */
  readonly threads: number;
  /** Sheets that may wait for a free thread; beyond, render() is refused at once. */
  readonly queue: number;
}

interface Job {
  readonly id: number;
  readonly sheet: SheetContent;
  readonly resolve: (pdf: Buffer) => void;
  readonly reject: (error: Error) => void;
  started: number;
}

interface Thread {
  readonly worker: Worker;
  job: Job | null;
}

/**
 * Renders take-away sheets on a few worker threads, one sheet per thread at a time: rendering is CPU
 * work that would otherwise hold the API's event loop, and one thread serves one core. Sheets beyond
 * the threads wait in a bounded queue, in the order asked; past the bound a request is refused with
 * 503 (the server neither crashes nor grows without end). A thread that dies fails only the sheet it
 * was rendering and is replaced.
 */
export class SheetRenderPool implements OnModuleDestroy {
  private readonly threads: Thread[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** Milliseconds a render takes, smoothed: how long Retry-After asks to wait. */
  private renderMs = 100;

  constructor(private readonly options: SheetRenderPoolOptions) {}

  render(sheet: SheetContent): Promise<Buffer> {
    if (this.closed) return Promise.reject(new ServiceUnavailableError('The service is stopping'));
    const thread = this.idleThread();
    if (!thread && this.waiting.length >= this.options.queue) return Promise.reject(new SheetRenderBusyError(this.retryAfterSeconds()));
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = { id: this.nextId++, sheet, resolve, reject, started: 0 };
      if (thread) this.start(thread, job);
      else this.waiting.push(job);
    });
  }

  /** Stops the threads; sheets still waiting are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.waiting.splice(0)) job.reject(new ServiceUnavailableError('The service is stopping'));
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  private retryAfterSeconds(): number {
    const queuedMs = ((this.waiting.length + this.threads.length) / this.threads.length) * this.renderMs;
    return Math.max(1, Math.ceil(queuedMs / 1000));
  }

  private idleThread(): Thread | undefined {
    return this.threads.find((t) => !t.job) ?? (this.threads.length < this.options.threads ? this.spawn() : undefined);
  }

  private spawn(): Thread {
    const thread: Thread = { worker: startWorker(), job: null };
    thread.worker.on('message', (reply: RenderReply) => this.finish(thread, reply));
    thread.worker.on('error', (error) => this.lose(thread, error));
    thread.worker.on('exit', (code) => this.lose(thread, new Error(`The sheet rendering thread stopped (exit code ${code})`)));
    this.threads.push(thread);
    return thread;
  }

  private start(thread: Thread, job: Job): void {
    thread.job = job;
    // A thread keeps the process alive while it renders, not when idle (close() ends it then).
    thread.worker.ref();
    job.started = performance.now();
    thread.worker.postMessage({ id: job.id, sheet: job.sheet } satisfies RenderRequest);
  }

  private finish(thread: Thread, reply: RenderReply): void {
    const job = thread.job;
    if (!job || job.id !== reply.id) return;
    thread.job = null;
    this.renderMs = 0.8 * this.renderMs + 0.2 * (performance.now() - job.started);
    if ('pdf' in reply) job.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
    else job.reject(new Error(reply.error));
    const next = this.waiting.shift();
    if (next) this.start(thread, next);
    else thread.worker.unref();
  }

  /** A thread that failed ('error', then 'exit'): its sheet fails, the waiting ones go to a new thread. */
  private lose(thread: Thread, error: Error): void {
    const at = this.threads.indexOf(thread);
    if (at < 0) return;
    this.threads.splice(at, 1);
    thread.job?.reject(error);
    thread.job = null;
    thread.worker.terminate().catch(() => undefined);
    const next = this.closed ? undefined : this.waiting.shift();
    if (next) this.start(this.spawn(), next);
  }
}

/**
 * Compiled (dist/, production) the thread runs sheet-render.worker.js. From the TypeScript sources
 * (ts-node, Jest) a thread has no loader of its own: it registers ts-node, and resolves the
 * workspace libraries (@inps/...) to their sources as the tsconfig paths do, so no build is needed.
 */
function startWorker(): Worker {
  const entry = join(__dirname, `sheet-render.worker${extname(__filename)}`);
  if (!entry.endsWith('.ts')) return new Worker(entry);
  return new Worker(TYPESCRIPT_THREAD, { eval: true, workerData: { entry } });
}

const TYPESCRIPT_THREAD = `
const { workerData } = require('node:worker_threads');
const Module = require('node:module');
const path = require('node:path');
require('ts-node').register({ transpileOnly: true });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (!/^@inps\\/[a-z-]+$/.test(request)) return resolve.call(this, request, ...rest);
  return path.join(path.dirname(resolve.call(this, request + '/package.json', ...rest)), 'src', 'index.ts');
};
require(workerData.entry);
`;
