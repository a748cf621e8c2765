import { ConfigError, type ConfigProblem } from './config.error';
import type { ConfigField } from './config.field';

export type ConfigFields = Readonly<Record<string, ConfigField<unknown>>>;

/** The typed configuration a set of fields produces; keys are the environment variable names. */
export type ConfigValues<F extends ConfigFields> = { readonly [K in keyof F]: F[K] extends ConfigField<infer T> ? T : never };

/** Rules that involve several variables (e.g. dev auth refused in production). */
export type ConfigCheck<C> = (config: C) => readonly ConfigProblem[];

export interface ConfigDefinition<F extends ConfigFields> {
  readonly fields: F;
  readonly checks: readonly ConfigCheck<ConfigValues<F>>[];
  /** A service adds its own variables (or overrides a base default) and keeps the base checks. */
  extend<E extends ConfigFields>(fields: E, ...checks: ConfigCheck<ConfigValues<Omit<F, keyof E> & E>>[]): ConfigDefinition<Omit<F, keyof E> & E>;
}

/** The configuration type of a definition: `type MyConfig = ConfigOf<typeof myConfig>`. */
export type ConfigOf<D> = D extends ConfigDefinition<infer F> ? ConfigValues<F> : never;

export function defineConfig<F extends ConfigFields>(fields: F, ...checks: ConfigCheck<ConfigValues<F>>[]): ConfigDefinition<F> {
  return {
    fields,
    checks,
    extend<E extends ConfigFields>(more: E, ...moreChecks: ConfigCheck<ConfigValues<Omit<F, keyof E> & E>>[]) {
      const merged = { ...fields, ...more } as Omit<F, keyof E> & E;
      // The base checks only read base keys, which the merged configuration still has.
      const inherited = checks as unknown as ConfigCheck<ConfigValues<Omit<F, keyof E> & E>>[];
      return defineConfig(merged, ...inherited, ...moreChecks);
    },
  };
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and validates every variable once. Throws a ConfigError naming each bad variable, so a
 * misconfigured service stops at start instead of failing on its first request.
 */
export function loadConfig<F extends ConfigFields>(definition: ConfigDefinition<F>, env: Env = process.env): ConfigValues<F> {
  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [variable, fieldDef] of Object.entries(definition.fields)) {
    const result = fieldDef.read(env[variable]);
    if (result.ok) values[variable] = result.value;
    else problems.push({ variable, issue: result.issue });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const config = Object.freeze(values) as ConfigValues<F>;
  for (const check of definition.checks) problems.push(...check(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
