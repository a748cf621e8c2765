import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { QUEUE_BACKEND } from './queue.tokens';
import type { QueueBackend } from './queue.backend';

/** How often the store's epoch is read once something listens. */
export const QUEUE_STORE_WATCH_INTERVAL_MS = 5_000;

/**
 * Tells when the queue store came back empty (its epoch changed: a Redis restarted without
 * persistence, or flushed), so that what lives only in the store, such as a job scheduler, is put
 * back without restarting the process. Production runs Redis with AOF, where this never fires; it
 * is the difference between "lost until the next deploy" and "lost for a few seconds".
 */
@Injectable()
export class QueueStoreWatch implements OnApplicationShutdown {
  private readonly logger = new Logger('QueueStoreWatch');
  private readonly listeners: { name: string; run: () => Promise<void> }[] = [];
  private last: string | undefined;
  /** A listener failed after the last change: call them all again at the next reading. */
  private owed = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;

  constructor(@Inject(QUEUE_BACKEND) private readonly backend: QueueBackend) {}

  /** `run` is called after every change of epoch (not at the first reading). */
  onReset(name: string, run: () => Promise<void>, intervalMs = QUEUE_STORE_WATCH_INTERVAL_MS): void {
    this.listeners.push({ name, run });
    if (this.timer) return;
    this.checkLogged();
    this.timer = setInterval(() => this.checkLogged(), intervalMs);
    this.timer.unref();
  }

  /** Calls every listener again at the next reading that reaches the store: something they restore may be missing. */
  owe(): void {
    this.owed = true;
  }

  /** Reads the epoch now and calls the listeners if it changed. Never throws: a store that is down is read again later. */
  check(): Promise<void> {
    this.checking ??= this.read().finally(() => (this.checking = undefined));
    return this.checking;
  }

  /** check() catches what it expects; this only catches a bug in that. */
  private checkLogged(): void {
    void this.check().catch((error: unknown) => this.logger.error(`reading the queue store failed: ${error instanceof Error ? error.message : String(error)}`));
  }

  private async read(): Promise<void> {
    let epoch: string;
    try {
      epoch = await this.backend.epoch();
    } catch {
      return;
    }
    const changed = this.last !== undefined && this.last !== epoch;
    this.last = epoch;
    if (!changed && !this.owed) return;
    if (changed) this.logger.warn('the queue store came back empty: restoring what lived only there');
    this.owed = false;
    for (const listener of this.listeners) {
      try {
        await listener.run();
      } catch (error) {
        // The store may flap: try again at the next reading.
        this.owed = true;
        this.logger.warn(`restoring ${listener.name} failed, will retry: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
