import type { Language } from '@inps/kernel/languages';
import type { AnswerValue, Question } from './api';

/**
 * What this phone keeps between visits: the screening under way (its id, the resume code shown at
 * the start, the questions as they were asked) and the answers not yet sent. Nothing about the
 * person: the answers are facts such as an age or "don't know", never a name.
 */
export interface Session {
  readonly screeningId: string;
  readonly language: Language;
  readonly resumeCode: string | null;
  /** Questions as asked, by id: the labels for changing an earlier answer. */
  readonly questions: Readonly<Record<string, Question>>;
  /** Operator mode: run by a signed-in operator, whose token stays in the tab (operator.tsx). */
  readonly mode?: 'self' | 'operator';
}

/** An answer given but not yet acknowledged by the API: sent again, with the same key, until it is. */
export interface PendingAnswer {
  readonly screeningId: string;
  readonly questionId: string;
  readonly value: AnswerValue;
  /** POST for the question being asked, PUT for an earlier one. */
  readonly change: boolean;
  readonly key: string;
}

const SESSION = 'inps.web.session';
const PENDING = 'inps.web.pending';

function read<T>(name: string): T | undefined {
  try {
    const raw = localStorage.getItem(name);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

function write(name: string, value: unknown): void {
  if (value === undefined) localStorage.removeItem(name);
  else localStorage.setItem(name, JSON.stringify(value));
}

export const store = {
  session: (): Session | undefined => read<Session>(SESSION),
  saveSession: (session: Session | undefined): void => write(SESSION, session),
  pending: (): PendingAnswer[] => read<PendingAnswer[]>(PENDING) ?? [],
  addPending(answer: PendingAnswer): void {
    write(PENDING, [...this.pending().filter((p) => p.key !== answer.key), answer]);
  },
  removePending(key: string): void {
    const rest = this.pending().filter((p) => p.key !== key);
    write(PENDING, rest.length > 0 ? rest : undefined);
  },
};
