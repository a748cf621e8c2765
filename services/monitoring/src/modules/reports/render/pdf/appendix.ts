import { wordText, type ReportLanguage, sectionLabel } from '../report-words';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { SECTIONS } from '../../../../domain/indicators';
import { COLORS } from '../charts';
import { formatChange, formatCount, formatValue } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT, tr } from './labels';
import { heading } from './layout';
import { figureCell, table } from './tables';

function indicatorTableRows(snapshot: ReportSnapshot, lang: ReportLanguage): TableCell[][] {
  const rows: TableCell[][] = [];
  for (const section of SECTIONS) {
    const indicators = snapshot.indicators.filter((indicator) => indicator.section === section.id);
    if (indicators.length === 0) continue;
    rows.push([{ text: tr(sectionLabel(section.id), lang), colSpan: 6, bold: true, color: COLORS.primary, margin: [0, 4, 0, 0] }, {}, {}, {}, {}, {}]);
    for (const indicator of indicators) {
      rows.push([
        figureCell(tr(indicator.label, lang), false),
        figureCell(formatValue(indicator.value, indicator.unit, lang), true, true),
        figureCell(formatCount(indicator.numerator, lang)),
        figureCell(indicator.denominatorMeasure ? formatCount(indicator.denominator, lang) : ''),
        figureCell(indicator.previous ? formatValue(indicator.previous.value, indicator.unit, lang) : '—'),
        figureCell(formatChange(indicator.change, indicator.unit, lang).text),
      ]);
      // A figure fed by follow-ups and by partners' returns says how much comes from each.
      const sources = indicator.breakdowns.find((breakdown) => breakdown.breakdown === 'source');
      for (const category of sources?.categories ?? []) {
        rows.push([
          figureCell(`    ${tr(TEXT.ofWhich, lang)}: ${tr(category.label, lang)}`, false),
          figureCell(formatValue(category.value, indicator.unit, lang), true),
          figureCell(formatCount(category.numerator, lang)),
          figureCell(indicator.denominatorMeasure ? formatCount(category.denominator, lang) : ''),
          figureCell(''),
          figureCell(''),
        ]);
      }
    }
  }
  return rows;
}

export function appendix(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  return [
    heading(TEXT.appendix, lang),
    table(
      lang,
      [
        { title: wordText('pdf.indicator'), width: '*' },
        { title: wordText('pdf.value'), width: 50, numeric: true },
        { title: wordText('pdf.numerator'), width: 52, numeric: true },
        { title: wordText('pdf.denominator'), width: 58, numeric: true },
        { title: { it: snapshot.meta.previousSemester, en: snapshot.meta.previousSemester }, width: 46, numeric: true },
        { title: wordText('pdf.change'), width: 52, numeric: true },
      ],
      indicatorTableRows(snapshot, lang),
    ),
  ];
}
