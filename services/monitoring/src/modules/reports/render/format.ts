import { type Language, languageInfo, ROME_TIME_ZONE, type Text, textIn } from '@inps/kernel';
import type { IndicatorUnit } from '../../../domain/indicators';
import { ChangeFigures, isSuppressed, ReportNumber, SuppressionMark } from './report-snapshot';

/** Display rules shared by the PDF and the spreadsheet (the CSV and JSON stay machine-readable). */

const NOT_APPLICABLE = '—';

export function suppressedText(mark: SuppressionMark): string {
  // "n.d." reads as "non disponibile" and as "not disclosed": one symbol for both languages.
  return mark === 'small' ? '< 5' : 'n.d.';
}

function numberFormat(lang: Language, decimals: number, style: 'decimal' | 'percent' = 'decimal'): Intl.NumberFormat {
  // Italian does not group four-digit numbers by default; a table of 1.234 next to 987 reads better grouped.
  return new Intl.NumberFormat(languageInfo(lang).locale, {
    style,
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: 'always',
  });
}

export function formatCount(value: ReportNumber, lang: Language): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, 0).format(value);
}

export function formatShare(value: ReportNumber, lang: Language, decimals = 1): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, decimals, 'percent').format(value);
}

export function formatDays(value: ReportNumber, lang: Language): string {
  if (value === null) return NOT_APPLICABLE;
  if (isSuppressed(value)) return suppressedText(value.suppressed);
  return numberFormat(lang, Number.isInteger(value) ? 0 : 1).format(value);
}

export function formatValue(value: ReportNumber, unit: IndicatorUnit, lang: Language): string {
  if (unit === 'share') return formatShare(value, lang);
  if (unit === 'days') return formatDays(value, lang);
  return formatCount(value, lang);
}

export function formatEuro(value: number, lang: Language): string {
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
export function formatChange(change: ChangeFigures | null, unit: IndicatorUnit, lang: Language): FormattedChange {
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
  if (unit === 'share') return { text: `${sign}${magnitude} ${lang === 'it' ? 'p.p.' : 'pp'}`, direction };
  if (unit === 'days') return { text: `${sign}${magnitude} ${lang === 'it' ? 'gg' : 'days'}`, direction };
  if (typeof percent === 'number') return { text: `${sign}${magnitude}%`, direction };
  return { text: `${sign}${magnitude}`, direction };
}

export function formatDate(isoDate: string, lang: Language): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? `${isoDate}T12:00:00Z` : isoDate);
  return date.toLocaleDateString(languageInfo(lang).locale, { timeZone: ROME_TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
}

export function formatDateTime(isoInstant: string, lang: Language): string {
  const date = new Date(isoInstant);
  const time = date.toLocaleTimeString(languageInfo(lang).locale, { timeZone: ROME_TIME_ZONE, hour: '2-digit', minute: '2-digit' });
  return lang === 'it' ? `${formatDate(isoInstant, lang)} alle ${time}` : `${formatDate(isoInstant, lang)} at ${time}`;
}

export const UI = {
  programme: { it: 'INPS per tutti', en: 'INPS per tutti' },
  reportTitle: { it: 'Rapporto semestrale di monitoraggio', en: 'Semiannual monitoring report' },
  directorate: {
    it: 'Direzione Centrale Inclusione Sociale e Invalidità Civile',
    en: 'Central Directorate for Social Inclusion and Civil Invalidity',
  },
  period: { it: 'Periodo', en: 'Period' },
  territory: { it: 'Territorio', en: 'Territory' },
  version: { it: 'Versione', en: 'Version' },
  generated: { it: 'Generato il', en: 'Generated on' },
  ruleSets: { it: 'Regole di screening', en: 'Screening rule sets' },
  page: { it: 'Pagina', en: 'Page' },
  of: { it: 'di', en: 'of' },
  total: { it: 'Totale', en: 'Total' },
  partnerNotice: {
    it: 'Versione per i partner: i conteggi da 1 a 4 sono oscurati («< 5») e, dove servirebbe a ricostruirli, anche altri valori («n.d.»).',
    en: 'Partner version: counts from 1 to 4 are hidden ("< 5"), and so are other figures that would let them be worked out ("n.d.").',
  },
  internalNotice: {
    it: 'Versione integrale per uso interno INPS: contiene valori inferiori a 5 e non va diffusa ai partner.',
    en: 'Full version for internal INPS use: it contains counts below 5 and must not be shared with partners.',
  },
} as const satisfies Readonly<Record<string, Text>>;

export function ui(key: keyof typeof UI, lang: Language): string {
  return textIn(UI[key], lang);
}

export const LEVEL_LABELS: Readonly<Record<string, Text>> = {
  NATIONAL: { it: 'Nazionale', en: 'National' },
  REGION: { it: 'Regione', en: 'Region' },
  METROPOLITAN_CITY: { it: 'Città metropolitana', en: 'Metropolitan city' },
  PROVINCE: { it: 'Provincia', en: 'Province' },
  COMUNE: { it: 'Comune', en: 'Municipality' },
};
