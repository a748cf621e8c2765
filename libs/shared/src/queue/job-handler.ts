import type { EventType } from '../events/event-contracts';
import type { JobDeclaration, QueueDeclaration } from './jobs';

/**
 * What a handler sees of its job: BullMQ's Job narrowed to what handlers use, so that a test can
 * hand a handler a plain object.
 */
export interface HandledJob<D> {
  readonly id?: string;
  readonly name: string;
  readonly data: D;
  readonly attemptsMade: number;
  readonly opts: { readonly attempts?: number };
  updateProgress(progress: number): Promise<void>;
}

export type HandlerMetadata =
  | { readonly kind: 'job'; readonly method: string | symbol; readonly job: JobDeclaration }
  | { readonly kind: 'recovery'; readonly method: string | symbol; readonly job: JobDeclaration }
  | {
      readonly kind: 'event';
      readonly method: string | symbol;
      readonly queue: QueueDeclaration;
      readonly type: EventType;
      readonly parse: (payload: unknown) => unknown;
    };

/**
 * A registered symbol rather than a module-level map: a class decorated through one copy of this
 * library (src under ts-node, dist at run time) is still read by another.
 */
const HANDLERS = Symbol.for('inps.queue.handlers');

type WithHandlers = { [HANDLERS]?: readonly HandlerMetadata[] };

export function addHandlerMetadata(prototype: object, entry: HandlerMetadata): void {
  const type = prototype.constructor as WithHandlers;
  const inherited = type[HANDLERS] ?? [];
  Object.defineProperty(type, HANDLERS, { value: [...inherited, entry], configurable: true, enumerable: false, writable: false });
}

/** The handlers a class declares (and inherits), in the order they were decorated. */
export function handlerMetadataOf(type: unknown): readonly HandlerMetadata[] {
  if (typeof type !== 'function') return [];
  return (type as WithHandlers)[HANDLERS] ?? [];
}

/**
 * Marks a provider method as the one that runs a kind of job. `JobsModule.forWorker()` finds it,
 * runs a BullMQ worker on the job's queue and calls it for each job of that name; it also registers
 * the job's schedule. The method's parameter and result must be the declaration's (compile error
 * otherwise); it may ignore the job.
 */
export function JobHandler<D, R>(job: JobDeclaration<D, R>) {
  return <F extends (job: HandledJob<D>) => R | Promise<R>>(prototype: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<F>): void => {
    addHandlerMetadata(prototype, { kind: 'job', method, job: job as JobDeclaration });
  };
}

/**
 * Marks a provider method that puts back jobs whose truth lives elsewhere (the database), for a job
 * this process handles. It runs, after the schedules are registered, when the worker starts and
 * whenever the queue store comes back empty (QueueStoreWatch). It must be safe to repeat: add jobs
 * with deterministic ids.
 */
export function JobRecovery(job: JobDeclaration<unknown, unknown>) {
  return <F extends () => Promise<unknown>>(prototype: object, method: string | symbol, _descriptor: TypedPropertyDescriptor<F>): void => {
    addHandlerMetadata(prototype, { kind: 'recovery', method, job });
  };
}
