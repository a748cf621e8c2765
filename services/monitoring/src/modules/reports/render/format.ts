import { languageInfo, ROME_TIME_ZONE, type Text, textIn } from '@inps/kernel';
import type { IndicatorUnit } from '../../../domain/indicators';
import { word, wordText, type ReportLanguage } from './report-words';
import { ChangeFigures, isSuppressed, ReportNumber, SuppressionMark } from './report-snapshot';

/** Display rules shared by the PDF and the spreadsheet (the CSV and JSON stay machine-readable). */

const NOT_APPLICABLE = '—';

export function suppressedText(mark: SuppressionMark): string {
  // "n.d." reads as "non disponibile" and as "not disclosed": one symbol for both languages.
  return mark === 'small' ? '< 5' : 'n.d.';
}

function numberFormat(lang: ReportLanguage, decimals: number, style: 'decimal' | 'percent' = 'decimal'): Intl.NumberFormat {
  // Italian does not group four-digit numbers by default; a table of 1.234 next to 987 reads better grouped.
  return new Intl.NumberFormat(languageInfo(lang).locale, {
    style,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: 'always',
  });
}

export function formatCount(value: ReportNumber, lang: ReportLanguage): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, 0).format(value);
}

export function formatShare(value: ReportNumber, lang: ReportLanguage, decimals = 1): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, decimals, 'percent').format(value);
}

export function formatDays(value: ReportNumber, lang: ReportLanguage): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, Number.isInteger(value) ? 0 : 1).format(value);
}

export function formatValue(value: ReportNumber, unit: IndicatorUnit, lang: ReportLanguage): string {
  if (unit === 'share') return formatShare(value, lang);
  if (unit === 'days') return formatDays(value, lang);
  return formatCount(value, lang);
}

export function formatEuro(value: number, lang: ReportLanguage): string {
  return new Intl.NumberFormat(languageInfo(lang).locale, {
    style: 'currency',
    currency: 'EUR',
    useGrouping: 'always',
    minimumFractionDigits: Number.isInteger(value) ? 0 : 2,
  }).format(value);
}

type ChangeDirection = 'up' | 'down' | 'flat';

export interface FormattedChange {
  readonly text: string;
  readonly direction: ChangeDirection | null;
}

/**
 * Counts change in percent of the previous value; shares in percentage points (a rate going
 * from 40 % to 44 % is "+4 p.p.", not "+10 %"); medians in days.
 */
export function formatChange(change: ChangeFigures | null, unit: IndicatorUnit, lang: ReportLanguage): FormattedChange {
  if (!change) return { text: NOT_APPLICABLE, direction: null };
  const { absolute, percent } = change;
  if (isSuppressed(absolute)) return { text: suppressedText(absolute.suppressed), direction: null };
  if (absolute === null) return { text: NOT_APPLICABLE, direction: null };
  // The sign follows what is printed: a change that rounds to zero reads "±0", not "−0".
  const shown =
    unit === 'share' ? Math.abs(absolute) * 100 : unit === 'days' ? Math.abs(absolute) : typeof percent === 'number' ? Math.abs(percent) : Math.abs(absolute);
  const decimals = unit === 'count' && typeof percent !== 'number' ? 0 : unit === 'days' && Number.isInteger(absolute) ? 0 : 1;
  const zero = Math.round(shown * 10 ** decimals) === 0;
  const direction: ChangeDirection = zero ? 'flat' : absolute > 0 ? 'up' : 'down';
  const sign = direction === 'up' ? '+' : direction === 'down' ? '−' : '±';
  const magnitude = numberFormat(lang, decimals).format(zero ? 0 : shown);
  if (unit === 'share') return { text: `${sign}${magnitude} ${word('format.pointsUnit', lang)}`, direction };
  if (unit === 'days') return { text: `${sign}${magnitude} ${word('format.daysUnit', lang)}`, direction };
  if (typeof percent === 'number') return { text: `${sign}${magnitude}%`, direction };
  return { text: `${sign}${magnitude}`, direction };
}

export function formatDate(isoDate: string, lang: ReportLanguage): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T12:00:00Z` : isoDate);
  return date.toLocaleDateString(languageInfo(lang).locale, { timeZone: ROME_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatDateTime(isoInstant: string, lang: ReportLanguage): string {
  const date = new Date(isoInstant);
  const time = date.toLocaleTimeString(languageInfo(lang).locale, { timeZone: ROME_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
  return word('format.dateTime', lang, { date: formatDate(isoInstant, lang), time });
}

const UI_KEYS = [
  'programme',
  'reportTitle',
  'directorate',
  'period',
  'territory',
  'version',
  'generated',
  'ruleSets',
  'page',
  'of',
  'total',
  'partnerNotice',
  'internalNotice',
] as const;

/** The report's frame words (catalogue keys `ui.<name>`), in both report languages. */
export const UI = Object.fromEntries(UI_KEYS.map((key) => [key, wordText(`ui.${key}`)])) as Readonly<Record<(typeof UI_KEYS)[number], Text>>;

export function ui(key: keyof typeof UI, lang: ReportLanguage): string {
  return textIn(UI[key], lang);
}

const LEVELS = ['NATIONAL', 'REGION', 'METROPOLITAN_CITY', 'PROVINCE', 'COMUNE'] as const;

/** A scope level's name (catalogue keys `level.<LEVEL>`). */
export const LEVEL_LABELS: Readonly<Record<string, Text>> = Object.fromEntries(LEVELS.map((level) => [level, wordText(`level.${level}`)]));
