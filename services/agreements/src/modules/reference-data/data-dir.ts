import { resolve } from 'node:path';

/** `services/agreements/data` (units, organisations), whether running from `src` (tests) or from `dist`. */
export function agreementsDataDir(): string {
  return resolve(__dirname, '..', '..', '..', 'data');
}
