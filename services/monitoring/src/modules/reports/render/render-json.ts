import { assertPartnerSafe } from './partner-view';
import type { ReportSnapshot } from './report-snapshot';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Object keys sorted at every level: equal snapshots give byte-equal files, whatever built them. */
function canonical(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError(`Cannot write ${value} in a report`);
    return value;
  }
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(value).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) out[key] = canonical(item);
    }
    return out;
  }
  throw new TypeError(`Cannot write a ${typeof value} in a report`);
}

export function renderJson(snapshot: ReportSnapshot): string {
  assertPartnerSafe(snapshot);
  return `${JSON.stringify(canonical(snapshot), null, 2)}\n`;
}
