export interface ConfigProblem {
  /** The environment variable at fault. */
  readonly variable: string;
  readonly issue: string;
}

/** Thrown at start when the environment is wrong; lists every problem, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p.variable} ${p.issue}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
