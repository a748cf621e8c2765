import { createInpsClient, type ApiErrorBody, type InpsClient, type Schema } from '@inps/client';
import type { Language } from '@inps/kernel/languages';
import type { MessageKey } from './i18n';

export type Screening = Schema<'Screening'>;
export type Question = Schema<'Question'>;
export type Benefit = Schema<'BenefitResult'>;
export type AnswerValue = boolean | number | string | null;

/** What went wrong, in the terms the person is told (a catalogue key), with what the API said. */
export class AppError extends Error {
  constructor(
    readonly kind: 'offline' | 'timeout' | 'server' | 'refused',
    readonly messageKey: MessageKey,
    readonly status?: number,
    readonly body?: ApiErrorBody,
  ) {
    super(body?.error.message ?? kind);
  }
}

interface Answered<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

const TIMEOUT_MS = 20_000;
const MAX_RATE_WAIT_S = 60;

export interface Api {
  readonly client: InpsClient;
  /** Runs a call; waits and retries a 429 (telling `onWait`), retries a 502/503/504 twice; throws an AppError otherwise. */
  call<T>(run: () => Promise<Answered<T>>): Promise<T>;
}

function messageKeyOf(status: number, body: ApiErrorBody | undefined): MessageKey {
  const code = body?.error.code;
  // A code of the wrong shape is, for the person, a code that does not exist.
  if (status === 404 || (status === 400 && body?.error.details?.some((d) => d.field === 'resumeCode'))) return 'error.notFound';
  if (status === 410) return 'error.gone';
  if (code === 'SCREENING_COMPLETED') return 'error.completed';
  if (status === 400 && body?.error.details?.some((d) => d.field === 'value')) {
    return contradictedAnswers(body).length > 0 ? 'error.contradiction' : 'error.invalid';
  }
  if (status >= 500) return 'error.server';
  return 'error.unknown';
}

/** The earlier answers a refused answer contradicts, by question id: the API names each as `answers.<questionId>`. */
export function contradictedAnswers(body: ApiErrorBody | undefined): string[] {
  return (body?.error.details ?? []).filter((d) => d.field.startsWith('answers.')).map((d) => d.field.slice('answers.'.length));
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createApi(options: { language: Language; token?: string; onWait?: (seconds: number) => void }): Api {
  const client = createInpsClient({
    baseUrl: location.origin,
    headers: { 'accept-language': options.language },
    ...(options.token ? { token: options.token } : {}),
    fetch: (request: Request) => fetch(request, { signal: AbortSignal.timeout(TIMEOUT_MS) }),
  });
  async function call<T>(run: () => Promise<Answered<T>>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      let answer: Answered<T>;
      try {
        answer = await run();
      } catch (error) {
        if (error instanceof DOMException && error.name === 'TimeoutError') throw new AppError('timeout', 'error.timeout');
        throw new AppError('offline', 'error.network');
      }
      const { response } = answer;
      if (response.ok) return answer.data as T;
      const body = answer.error as ApiErrorBody | undefined;
      if (response.status === 429 && attempt < 5) {
        const seconds = Math.min(MAX_RATE_WAIT_S, Math.max(1, Number(response.headers.get('retry-after')) || 5));
        options.onWait?.(seconds);
        await wait(seconds * 1000);
        continue;
      }
      if ([502, 503, 504].includes(response.status) && attempt < 2) {
        await wait(1000 * (attempt + 1));
        continue;
      }
      throw new AppError(response.status >= 500 ? 'server' : 'refused', messageKeyOf(response.status, body), response.status, body);
    }
  }
  return { client, call };
}

export { idempotent, newIdempotencyKey } from '@inps/client';
