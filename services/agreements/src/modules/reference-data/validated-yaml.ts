import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { ReferenceDataError } from '@inps/territories';

const ajv = new Ajv({ allErrors: true, strict: true });
const compiled = new Map<object, ValidateFunction>();

/**
 * Parses YAML and checks it against a JSON Schema, reporting every YAML and schema error with
 * its location. Codes such as `058` must be quoted in YAML, or they become the number 58; the
 * schemas' string patterns catch that.
 */
export function parseValidatedYaml<T>(text: string, schema: object, source: string): T {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0)
    throw new ReferenceDataError(
      source,
      doc.errors.map((e) => e.message),
    );
  const value: unknown = doc.toJS();
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map(
      (e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`,
    );
    throw new ReferenceDataError(source, problems);
  }
  return value as T;
}
