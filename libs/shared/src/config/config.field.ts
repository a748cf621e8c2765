/**
 * Small combinators that read one environment variable each. They never echo the raw value in a
 * problem, because some variables (DATABASE_URL, REDIS_URL) carry credentials.
 */

export type FieldResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: string };

export interface ConfigField<T> {
  /** `raw` is undefined when the variable is absent or blank. */
  read(raw: string | undefined): FieldResult<T>;
  readonly description?: string;
}

export interface FieldOptions<T> {
  /** Used when the variable is absent or blank. Without a default the variable is required. */
  readonly default?: T;
  readonly description?: string;
}

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const bad = <T>(issue: string): FieldResult<T> => ({ ok: false, issue });

/** Builds a field from a parser of non-blank input; handles absence and defaults in one place. */
export function field<T>(parse: (raw: string) => FieldResult<T>, options: FieldOptions<T> = {}): ConfigField<T> {
  return {
    description: options.description,
    read(raw) {
      if (raw === undefined || raw.trim() === '') {
        return options.default !== undefined ? ok(options.default) : bad('is required');
      }
      return parse(raw.trim());
    },
  };
}

/** Absent or blank gives `undefined` instead of a problem. */
export function optional<T>(inner: ConfigField<T>): ConfigField<T | undefined> {
  return {
    description: inner.description,
    read(raw) {
      if (raw === undefined || raw.trim() === '') return ok(undefined);
      return inner.read(raw);
    },
  };
}

export function str(options: FieldOptions<string> & { readonly pattern?: RegExp; readonly hint?: string } = {}): ConfigField<string> {
  return field((raw) => {
    if (options.pattern && !options.pattern.test(raw)) return bad(`must match ${options.hint ?? String(options.pattern)}`);
    return ok(raw);
  }, options);
}

export function int(options: FieldOptions<number> & { readonly min?: number; readonly max?: number } = {}): ConfigField<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return field((raw) => {
    if (!/^-?\d+$/.test(raw)) return bad('must be an integer');
    const value = Number(raw);
    if (value < min || value > max) return bad(`must be an integer between ${min} and ${max}`);
    return ok(value);
  }, options);
}

/** 0 is accepted: it asks the operating system for a free port (tests). */
export function port(options: FieldOptions<number> = {}): ConfigField<number> {
  return int({ ...options, min: 0, max: 65535 });
}

export function bool(options: FieldOptions<boolean> = {}): ConfigField<boolean> {
  return field((raw) => {
    const v = raw.toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return ok(true);
    if (['false', '0', 'no', 'off'].includes(v)) return ok(false);
    return bad('must be true or false');
  }, options);
}

export function url(options: FieldOptions<string> & { readonly protocols?: readonly string[] } = {}): ConfigField<string> {
  return field((raw) => {
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      return bad('must be a URL');
    }
    if (options.protocols && !options.protocols.includes(parsed.protocol)) {
      return bad(`must be a URL starting with ${options.protocols.map((p) => `${p}//`).join(' or ')}`);
    }
    return ok(raw);
  }, options);
}

/** `enum` is a reserved word, hence the name. */
export function oneOf<const V extends string>(values: readonly V[], options: FieldOptions<V> = {}): ConfigField<V> {
  return field((raw) => {
    const found = values.find((v) => v === raw);
    return found !== undefined ? ok(found) : bad(`must be one of ${values.join(', ')}`);
  }, options);
}

/** Comma-separated list; blank items are dropped. */
export function list(options: FieldOptions<readonly string[]> & { readonly allowed?: readonly string[] } = {}): ConfigField<readonly string[]> {
  return field((raw) => {
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (items.length === 0) return bad('must list at least one value');
    if (options.allowed) {
      const wrong = items.filter((i) => !options.allowed?.includes(i));
      if (wrong.length > 0) return bad(`may only contain ${options.allowed.join(', ')} (not ${wrong.join(', ')})`);
    }
    return ok(items);
  }, options);
}

/** A size as body-parser reads it: `100kb`, `1mb`, `512b`. */
export function byteSize(options: FieldOptions<string> = {}): ConfigField<string> {
  return field((raw) => (/^\d+(b|kb|mb)$/i.test(raw) ? ok(raw.toLowerCase()) : bad('must be a size such as 100kb or 1mb')), options);
}

/** A JSON object (for example a public JWK). */
export function jsonObject(options: FieldOptions<Readonly<Record<string, unknown>>> = {}): ConfigField<Readonly<Record<string, unknown>>> {
  return field((raw) => {
    try {
      const value: unknown = JSON.parse(raw);
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) return ok(value as Record<string, unknown>);
    } catch {
      // reported below
    }
    return bad('must be a JSON object');
  }, options);
}
