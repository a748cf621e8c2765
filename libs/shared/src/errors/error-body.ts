import type { Language } from '@inps/kernel';

/** One problem with the input, named by its dotted path (`facts.age`). */
export interface ErrorDetail {
  readonly field: string;
  /** English, for developers and for code that reacts to it; not localized. */
  readonly issue: string;
}

/** An error as the code builds it: a code, an English message, the fields at fault. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly ErrorDetail[];
  };
}

/**
 * The one error shape of every REST answer (docs/architecture.md §11; docs/api.md "Errors"), as the
 * shared filter and the gateway send it: `message` from the error catalogue in the request's
 * language, `language` and `reviewed` saying which language it really is in and whether a native
 * speaker reviewed it, and `developerMessage`, the English text the code wrote.
 */
export interface LocalizedErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly language: Language;
    readonly reviewed: boolean;
    readonly developerMessage: string;
    readonly details?: readonly ErrorDetail[];
  };
}

export function errorBody(code: string, message: string, details?: readonly ErrorDetail[]): ErrorBody {
  return { error: details && details.length > 0 ? { code, message, details } : { code, message } };
}
