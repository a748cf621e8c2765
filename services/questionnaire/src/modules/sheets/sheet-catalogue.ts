import { MessageCatalogue } from '@inps/shared';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import type { Contact } from './sheet-content';

/** The sheet's words (messages/sheet/<language>.yaml) and the programme's contacts (messages/sheet/contacts.yaml). */
function findSheetMessagesDir(start: string = __dirname): string {
  // Walks up to the service's folder: the same from src/ (tests, ts-node) and from dist/.
  for (let dir = start; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'messages', 'sheet');
    if (existsSync(path.join(dir, 'package.json')) && existsSync(candidate)) return candidate;
  }
  throw new Error(`messages/sheet not found above ${start}`);
}

export function loadSheetCatalogue(dir: string = findSheetMessagesDir()): MessageCatalogue {
  return MessageCatalogue.load(dir);
}

export function loadContacts(catalogue: MessageCatalogue, dir: string = findSheetMessagesDir()): Contact[] {
  const file = path.join(dir, 'contacts.yaml');
  const doc = parse(readFileSync(file, 'utf8')) as { contacts?: unknown } | null;
  if (!doc || !Array.isArray(doc.contacts)) throw new Error(`${file}: contacts must be a list`);
  return doc.contacts.map((c: unknown, i: number) => {
    const { label, value } = (c ?? {}) as { label?: unknown; value?: unknown };
    if (typeof label !== 'string' || !catalogue.has(label)) throw new Error(`${file}: contacts[${i}].label must be a key of the sheet catalogue`);
    if (typeof value !== 'string' || !value.trim()) throw new Error(`${file}: contacts[${i}].value must be a non-empty text`);
    return { label, value };
  });
}
