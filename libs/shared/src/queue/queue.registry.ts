import type { Queue } from 'bullmq';
import type { QueueBackend } from './queue.backend';

/** One Queue object per name for the whole process (each holds connections). */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue<unknown, unknown>>();

  constructor(readonly backend: QueueBackend) {}

  get<D = unknown, R = unknown>(name: string): Queue<D, R> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.backend.createQueue<unknown, unknown>(name);
      this.queues.set(name, queue);
    }
    return queue as unknown as Queue<D, R>;
  }

  async closeAll(): Promise<void> {
    const all = [...this.queues.values()];
    this.queues.clear();
    await Promise.all(all.map((q) => q.close()));
  }
}
