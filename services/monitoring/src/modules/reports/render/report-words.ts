import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Language, Text } from '@inps/kernel';
import { MessageCatalogue } from '@inps/shared';
import { isKnownBenefit } from '../../../domain/benefits';
import { missingCategory, type BreakdownId } from '../../../domain/breakdowns';
import type { IndicatorSection } from '../../../domain/indicators';
import { parseSemester } from '../../../domain/semester';

/**
 * The words of the reports, from the service's message catalogues (`messages/<language>.yaml`).
 * Reports are produced in Italian and English only: the programme speaks more languages to people,
 * but a report is read by INPS and its partners, so a report language is one of these two.
 */
export const REPORT_LANGUAGES = ['it', 'en'] as const satisfies readonly Language[];
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export function isReportLanguage(value: unknown): value is ReportLanguage {
  return typeof value === 'string' && (REPORT_LANGUAGES as readonly string[]).includes(value);
}

/**
 * The service's `messages/` folder, found by walking up to the service's root (where package.json
 * is): from src/ under ts-node and Jest, from dist/ after a build, and in the image, which ships the
 * folder beside dist/.
 */
function findMessagesDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'messages');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no messages/ folder beside a package.json above ${start}`);
    dir = parent;
  }
}

let loaded: MessageCatalogue | undefined;

/** Read once, on first use. */
export function reportCatalogue(): MessageCatalogue {
  loaded ??= MessageCatalogue.load(findMessagesDir(), REPORT_LANGUAGES);
  return loaded;
}

export function word(key: string, lang: ReportLanguage, params?: Readonly<Record<string, string | number>>): string {
  return reportCatalogue().words(key, lang, params);
}

/** A catalogue entry in both report languages, for what carries its words with it (the snapshot's labels, tables' titles). */
export function wordText(key: string, params?: Readonly<Record<string, string | number>>): Text {
  return { it: word(key, 'it', params), en: word(key, 'en', params) };
}

/** A fact's name (docs/facts.md); a fact the catalogue does not name (a rule set's own) shows as its identifier. */
export function factLabel(fact: string): Text {
  return reportCatalogue().has(`fact.${fact}`) ? wordText(`fact.${fact}`) : { it: fact, en: fact };
}

/** An indicator's name (`indicator.<id>`). */
export function indicatorLabel(id: string): Text {
  return wordText(`indicator.${id}`);
}

/** A report section's name (`section.<id>`). */
export function sectionLabel(id: IndicatorSection): Text {
  return wordText(`section.${id}`);
}

/** A breakdown's name (`breakdown.<id>`). */
export function breakdownLabel(id: BreakdownId): Text {
  return wordText(`breakdown.${id}`);
}

/** The name of the category that takes what a breakdown cannot place: its own category's, or `missing.<id>` (`missing.default`). */
export function missingLabel(breakdown: BreakdownId): Text {
  const missing = missingCategory(breakdown);
  if (missing.own) return wordText(`category.${breakdown}.${missing.code}`);
  return reportCatalogue().has(`missing.${breakdown}`) ? wordText(`missing.${breakdown}`) : wordText('missing.default');
}

/** A fixed category's name (`category.<breakdown>.<code>`), or the missing category's; undefined for a code the breakdown does not know. */
export function categoryLabel(breakdown: BreakdownId, code: string): Text | undefined {
  if (reportCatalogue().has(`category.${breakdown}.${code}`)) return wordText(`category.${breakdown}.${code}`);
  return code === missingCategory(breakdown).code ? missingLabel(breakdown) : undefined;
}

/** A benefit's full and short (chart axis) names (`benefit.<id>.name`, `.short`); undefined for a benefit monitoring does not know. */
export function benefitLabel(id: string): { readonly name: Text; readonly short: Text } | undefined {
  if (!isKnownBenefit(id)) return undefined;
  return { name: wordText(`benefit.${id}.name`), short: wordText(`benefit.${id}.short`) };
}

/** A semester in words: "1° semestre 2026", "first half of 2026" (`semester.1`, `semester.2`). */
export function semesterLabel(semester: string, lang: ReportLanguage): string {
  const { half, year } = parseSemester(semester);
  return word(`semester.${half}`, lang, { year });
}
