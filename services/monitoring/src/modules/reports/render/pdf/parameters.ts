import { benefitLabel, word, wordText, type ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { COLORS } from '../charts';
import { formatCount, formatEuro } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT, tr } from './labels';
import { heading, keepTogether } from './layout';
import { figureCell, table } from './tables';

function unitText(unit: 'EUR' | 'EUR_MONTH' | 'EUR_YEAR' | 'DAYS', value: number, lang: ReportLanguage): string {
  if (unit === 'DAYS') return `${formatCount(value, lang)} ${word('pdf.days', lang)}`;
  const euro = formatEuro(value, lang);
  if (unit === 'EUR_MONTH') return `${euro} ${word('pdf.aMonth', lang)}`;
  if (unit === 'EUR_YEAR') return `${euro} ${word('pdf.aYear', lang)}`;
  return euro;
}

export function parametersSection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  if (snapshot.parameterNotes.length === 0) return [];
  const section: Content[] = [
    heading(TEXT.parameters, lang),
    {
      text: word('pdf.parametersIntro', lang),
      style: 'body',
    },
    table(
      lang,
      [
        { title: TEXT.benefit, width: 110 },
        { title: TEXT.parameter, width: 130 },
        { title: wordText('pdf.value'), width: 75, numeric: true },
        { title: TEXT.note, width: '*' },
      ],
      snapshot.parameterNotes.map((note) => [
        figureCell(benefitLabel(note.benefitId)?.short[lang] ?? note.benefitId, false),
        { text: `${note.parameter}\n(${note.ruleSetId})`, fontSize: 7.5, color: COLORS.muted },
        figureCell(unitText(note.unit, note.value, lang)),
        figureCell(tr(note.note, lang), false),
      ]),
    ),
  ];
  return snapshot.parameterNotes.length <= 15 ? [keepTogether(...section)] : section;
}
