/** One problem with the input, named by its dotted path (`facts.age`). */
export interface ErrorDetail {
  readonly field: string;
  readonly issue: string;
}

/** The one error shape of every REST answer (docs/architecture.md §11). */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: readonly ErrorDetail[];
  };
}

export function errorBody(code: string, message: string, details?: readonly ErrorDetail[]): ErrorBody {
  return { error: details && details.length > 0 ? { code, message, details } : { code, message } };
}
