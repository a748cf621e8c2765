import { Inject, Injectable, Optional } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG } from '../app/core.module';
import { currentRequestId } from '../logging/request-context';
import { fromConfig, type AddJobOptions, type JobDeclaration, type QueueDeclaration } from './jobs';
import { QueueRegistry } from './queue.registry';
import { traceSend, withTraceContext } from '../tracing/trace-context';

/**
 * The producer side of declared jobs, in every process (API and worker): adds a job with the data
 * its declaration says, on its queue, with its options.
 */
@Injectable()
export class Jobs {
  constructor(
    private readonly queues: QueueRegistry,
    @Optional() @Inject(APP_CONFIG) private readonly config: object = {},
  ) {}

  /** The queue's name in this process's configuration (without QUEUE_PREFIX). */
  queueName(declaration: QueueDeclaration | JobDeclaration): string {
    const queue = declaration.kind === 'job' ? declaration.queue : declaration;
    return fromConfig(queue.name, this.config);
  }

  /**
   * Adds a job once the store answers, or fails within `timeoutMs` (a 503 for the caller of a
   * request) while it does not. With a deterministic `jobId`, adding it again while it is kept is
   * a no-op in BullMQ, and adding it after the store lost it puts it back.
   */
  async add<D, R>(declaration: JobDeclaration<D, R>, data: NoInfer<D>, options: AddJobOptions = {}, timeoutMs = 2000): Promise<Job<D, R>> {
    const queue = await this.queues.ready<D, R>(this.queueName(declaration), timeoutMs);
    // tracing: a producer span, whose context travels in the job's data (`traceContext`).
    return traceSend(queue.name, async () => {
      // BullMQ types the name as a parameter of Queue's own; ours is a plain string.
      return (await queue.add(declaration.name as never, withTraceContext(withRequestIdIn(data)) as never, { ...declaration.options, ...options })) as Job<
        D,
        R
      >;
    });
  }

  /** The process's BullMQ queue of a declaration, for reading it (tests, dashboards); owned by QueueRegistry, do not close it. */
  queue<D, R>(declaration: JobDeclaration<D, R>): Queue<D, R> {
    return this.queues.get<D, R>(this.queueName(declaration));
  }
}

/**
 * A job added while serving a request carries that request's id in an optional `requestId` field of
 * its data (object data only), so the worker's log lines about the job name the request.
 */
function withRequestIdIn<D>(data: D): D {
  const requestId = currentRequestId();
  if (requestId === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) return data;
  return { ...data, requestId };
}
