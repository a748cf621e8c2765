/**
 * The one poller of the tests: asks `probe` again and again until it answers, or the time is up.
 * Bounded polls, never fixed sleeps: a loaded 2-core machine can take far longer than a laptop.
 */

export interface EventuallyOptions {
  /** How long to keep asking (default 30 s). */
  readonly timeoutMs?: number;
  /** Pause between two asks (default 100 ms). */
  readonly everyMs?: number;
  /**
   * Whether a probe that throws is asked again (the last error is in the timeout message); by
   * default the error fails the wait at once.
   */
  readonly retryErrors?: boolean;
}

/** What a probe answers while the condition does not hold yet. */
type NotYet = undefined | false;

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Resolves with the first answer of `probe` that is neither `undefined` nor `false`; rejects with
 * "timed out … waiting for <what>" when none comes within `timeoutMs`. A number as third argument
 * is the timeout.
 */
export async function eventually<T>(
  what: string,
  probe: () => T | NotYet | Promise<T | NotYet>,
  options: EventuallyOptions | number = {},
): Promise<Exclude<T, NotYet>> {
  const { timeoutMs = 30_000, everyMs = 100, retryErrors = false } = typeof options === 'number' ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as Exclude<T, NotYet>;
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError === undefined ? '' : ` (last error: ${String(lastError)})`}`);
    }
    await pause(everyMs);
  }
}

/**
 * `eventually` for a test that records a failure rather than throwing one: whether `check` became
 * true in time (a check that throws counts as not yet).
 */
export function becomesTrue(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 500): Promise<boolean> {
  return eventually('a condition', check, { timeoutMs, everyMs, retryErrors: true }).then(
    () => true,
    () => false,
  );
}
