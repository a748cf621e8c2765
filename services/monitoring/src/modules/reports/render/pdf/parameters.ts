import type { Language } from '@inps/kernel';
import type { Content } from 'pdfmake/interfaces';
import { benefitLabel } from '../../../../domain/benefits';
import { COLORS } from '../charts';
import { formatCount, formatEuro } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { t, TEXT, tr } from './labels';
import { heading, keepTogether } from './layout';
import { figureCell, table } from './tables';

function unitText(unit: 'EUR' | 'EUR_MONTH' | 'EUR_YEAR' | 'DAYS', value: number, lang: Language): string {
  if (unit === 'DAYS') return `${formatCount(value, lang)} ${lang === 'it' ? 'giorni' : 'days'}`;
  const euro = formatEuro(value, lang);
  if (unit === 'EUR_MONTH') return `${euro} ${lang === 'it' ? 'al mese' : 'a month'}`;
  if (unit === 'EUR_YEAR') return `${euro} ${lang === 'it' ? "l'anno" : 'a year'}`;
  return euro;
}

export function parametersSection(snapshot: ReportSnapshot, lang: Language): Content[] {
  if (snapshot.parameterNotes.length === 0) return [];
  const section: Content[] = [
    heading(TEXT.parameters, lang),
    {
      text:
        lang === 'it'
          ? 'Questi valori sono usati dalle regole di screening del semestre ma non sono ancora confermati da una fonte primaria INPS: i risultati delle prestazioni interessate vanno letti con cautela. Una nuova versione delle regole li correggerà.'
          : "These figures are used by the semester's screening rules but are not yet confirmed by a primary INPS source: results for the benefits concerned should be read with care. A new rule-set version will correct them.",
      style: 'body',
    },
    table(
      lang,
      [
        { title: TEXT.benefit, width: 110 },
        { title: TEXT.parameter, width: 130 },
        { title: t('Valore', 'Value'), width: 75, numeric: true },
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
