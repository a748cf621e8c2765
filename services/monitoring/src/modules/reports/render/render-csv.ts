import { assertPartnerSafe } from './partner-view';
import { isSuppressed, ReportNumber, ReportSnapshot } from './report-snapshot';
import { suppressedText } from './format';

/**
 * One long table for analysis tools: one row per indicator total, per breakdown category and
 * for the previous semester (breakdown `previous`, category the semester id). RFC 4180 (CRLF,
 * quotes doubled), UTF-8 with a byte-order mark so that Excel reads the accents. Numbers use a
 * dot and no grouping; shares are fractions (0.4673), medians days.
 */

export const CSV_HEADER = ['section', 'indicator', 'breakdown', 'category', 'numerator', 'denominator', 'value'] as const;

const BOM = '\uFEFF';

/**
 * Spreadsheets run a cell starting with = + - @ (or a tab / carriage return) as a formula; a
 * leading apostrophe makes it text. Only text fields get it: our numbers are written by us.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function numberField(value: ReportNumber): string {
  if (value === null) return '';
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return String(value);
}

export function renderCsv(snapshot: ReportSnapshot): string {
  assertPartnerSafe(snapshot);
  const lines: string[] = [CSV_HEADER.join(',')];
  const push = (texts: string[], numbers: ReportNumber[]): void => {
    lines.push([...texts.map((field) => quote(guardFormula(field))), ...numbers.map((n) => quote(numberField(n)))].join(','));
  };
  for (const row of snapshot.indicators) {
    push([row.section, row.indicatorId, '', ''], [row.numerator, row.denominator, row.value]);
    for (const breakdown of row.breakdowns) {
      for (const figures of breakdown.categories) {
        push([row.section, row.indicatorId, breakdown.breakdown, figures.category], [figures.numerator, figures.denominator, figures.value]);
      }
    }
    if (row.previous) {
      push([row.section, row.indicatorId, 'previous', snapshot.meta.previousSemester], [row.previous.numerator, row.previous.denominator, row.previous.value]);
    }
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
