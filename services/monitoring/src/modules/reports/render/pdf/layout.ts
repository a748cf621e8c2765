import type { ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import type { Text } from '@inps/kernel';
import { tr } from './labels';

/** The page (A4, in points), the colours that are the PDF's own, and the blocks every section is made of. */

export const PAGE_WIDTH = 595.28;
export const MARGIN_X = 40;
export const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
export const CARD_FILL = '#F3F6FB';
export const UP = '#2E7D32';
export const DOWN = '#C62828';
export const LINE = '#D1D5DB';

/** A heading that opens a page, or one that flows and must not be left alone at a page's foot. */
export function heading(label: Text, lang: ReportLanguage, pageBreak = false): Content {
  return pageBreak ? { text: tr(label, lang), style: 'h1', pageBreak: 'before' } : { text: tr(label, lang), style: ['h1', 'flowing'], headlineLevel: 1 };
}

export function subheading(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2 };
}

/** A subheading and a short table on the same page. */
export function keepTogether(...items: Content[]): Content {
  return { stack: items, unbreakable: true };
}
