import { type Text, textIn } from '@inps/kernel';
import { wordText, type ReportLanguage } from '../report-words';

/** Indicator, benefit and category names come with the snapshot; the PDF's own words from the catalogue. */

const TEXT_KEYS = [
  'summary',
  'highlights',
  'screening',
  'people',
  'profile',
  'needsHelp',
  'applications',
  'activity',
  'activityOnly',
  'returns',
  'parameters',
  'method',
  'appendix',
  'ofWhich',
  'benefit',
  'assessed',
  'likely',
  'likelyShare',
  'undetermined',
  'channel',
  'screenings',
  'withLikely',
  'territory',
  'contacted',
  'taken',
  'rate',
  'category',
  'people2',
  'share',
  'needType',
  'found',
  'resolved',
  'resolvedShare',
  'helpType',
  'interventions',
  'filed',
  'decided',
  'granted',
  'grantedShare',
  'medianDays',
  'medianDaysToGrant',
  'expected',
  'received',
  'onTime',
  'completeness',
  'timeliness',
  'parameter',
  'note',
  'figure',
  'chart',
  'versus',
  'notComparable',
  'previousValue',
  'governance',
  'partnerEdition',
  'internalEdition',
  'comparedWith',
  'istat',
] as const;

/** The PDF's own words (catalogue keys `pdf.<name>`), in both report languages. */
export const TEXT = Object.fromEntries(TEXT_KEYS.map((key) => [key, wordText(`pdf.${key}`)])) as Readonly<Record<(typeof TEXT_KEYS)[number], Text>>;

export function tr(label: Text, lang: ReportLanguage): string {
  return textIn(label, lang);
}
