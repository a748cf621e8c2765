import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue.backend';

/** One Queue object per name for the whole process (each holds connections). */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue<unknown, unknown>>();

  constructor(readonly backend: QueueBackend) {}

  get<D = unknown, R = unknown>(name: string): Queue<D, R> {
    let queue = this.queues.get(name);
    if (!queue) {
      const created = this.backend.createQueue<unknown, unknown>(name);
      // Failures reach the callers of add() and readiness; an unheard 'error' would only be noise.
      created.on('error', () => undefined);
      // A BullMQ queue whose first connection failed answers "Connection is closed" for ever, even
      // once Redis is back (a process started while Redis was down): forget it, the next use builds
      // a new one.
      created.waitUntilReady().catch(() => {
        if (this.queues.get(name) === created) this.queues.delete(name);
        void created.close().catch(() => undefined);
      });
      this.queues.set(name, created);
      queue = created;
    }
    return queue as unknown as Queue<D, R>;
  }

  /**
   * The queue of that name once the store answers, or a quick failure (a 503 for the caller) when it
   * does not within `timeoutMs`. Request paths use this rather than get(): BullMQ waits without end
   * for a connection that is reconnecting, and would hold the request.
   */
  async ready<D = unknown, R = unknown>(name: string, timeoutMs = 2000): Promise<Queue<D, R>> {
    await this.backend.ready(timeoutMs);
    return this.get<D, R>(name);
  }

  async closeAll(): Promise<void> {
    const all = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(all.map((q) => q.close()));
  }
}
