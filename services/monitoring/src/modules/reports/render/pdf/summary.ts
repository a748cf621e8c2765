import { word, type ReportLanguage, semesterLabel } from '../report-words';
import type { Column as PdfColumn, Content, TableCell } from 'pdfmake/interfaces';
import { COLORS } from '../charts';
import { formatChange, formatCount, formatShare, formatValue } from '../format';
import { type IndicatorFigures, type KeyFigure, plainNumber, type ReportSnapshot } from '../report-snapshot';
import { row } from './figures';
import { TEXT, tr } from './labels';
import { CARD_FILL, DOWN, heading, subheading, UP } from './layout';

/** The summary: key figures as cards with their change, and the semester in a few sentences. */

/** Roboto has no arrow glyphs: draw them. */
function arrow(direction: 'up' | 'down' | 'flat' | null, color: string): PdfColumn {
  const points =
    direction === 'up'
      ? [
          { x: 0, y: 7 },
          { x: 3.5, y: 1 },
          { x: 7, y: 7 },
        ]
      : direction === 'down'
        ? [
            { x: 0, y: 1.5 },
            { x: 7, y: 1.5 },
            { x: 3.5, y: 7.5 },
          ]
        : [
            { x: 0, y: 3.5 },
            { x: 7, y: 3.5 },
            { x: 7, y: 5 },
            { x: 0, y: 5 },
          ];
  return { canvas: [{ type: 'polyline', points, closePath: true, color, lineColor: color, lineWidth: 0.5 }], width: 10 };
}

function keyFigureCard(figure: KeyFigure, snapshot: ReportSnapshot, lang: ReportLanguage): TableCell {
  const change = formatChange(figure.change, figure.unit, lang);
  const previousText = figure.previous === null ? '' : ` (${tr(TEXT.previousValue, lang)}: ${formatValue(figure.previous, figure.unit, lang)})`;
  const color = change.direction === 'up' ? UP : change.direction === 'down' ? DOWN : COLORS.muted;
  const changeText: Content = {
    text: [
      { text: change.text, color, bold: true },
      { text: ` ${tr(TEXT.versus, lang)} ${semesterLabel(snapshot.meta.previousSemester, lang)}${previousText}`, color: COLORS.muted },
    ],
    fontSize: 7.5,
  };
  const changeLine: Content =
    figure.change && change.direction
      ? { columns: [arrow(change.direction, color), { ...changeText, width: '*' }], columnGap: 2 }
      : figure.change
        ? changeText
        : { text: tr(TEXT.notComparable, lang), fontSize: 7.5, color: COLORS.muted };
  return {
    stack: [
      { text: tr(figure.label, lang), fontSize: 8, color: COLORS.muted, margin: [0, 0, 0, 3] },
      { text: formatValue(figure.value, figure.unit, lang), fontSize: 20, bold: true, color: COLORS.primary, margin: [0, 0, 0, 3] },
      changeLine,
    ],
    fillColor: CARD_FILL,
    margin: [6, 6, 6, 6],
  };
}

function keyFigures(snapshot: ReportSnapshot, lang: ReportLanguage): Content {
  const cards = snapshot.keyFigures.map((figure) => keyFigureCard(figure, snapshot, lang));
  const rows: TableCell[][] = [];
  for (let index = 0; index < cards.length; index += 3) {
    const slice = cards.slice(index, index + 3);
    while (slice.length < 3) slice.push({ text: '' });
    rows.push(slice);
  }
  if (rows.length === 0) return { text: '' };
  return {
    table: { widths: ['*', '*', '*'], body: rows, dontBreakRows: true },
    layout: {
      hLineWidth: () => 4,
      vLineWidth: () => 4,
      hLineColor: () => '#FFFFFF',
      vLineColor: () => '#FFFFFF',
      paddingLeft: () => 0,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
    margin: [-4, 0, -4, 6],
  };
}

function highlights(snapshot: ReportSnapshot, lang: ReportLanguage): Content {
  const items: string[] = [];
  const contacted = row(snapshot, 'activity.peopleContacted');
  const taken = row(snapshot, 'takenInCharge.new');
  const rate = row(snapshot, 'takenInCharge.rate');
  const screenings = row(snapshot, 'screening.completed');
  const withLikely = row(snapshot, 'screening.withLikelyBenefitShare');
  const filed = row(snapshot, 'help.applicationsFiled');
  const granted = row(snapshot, 'effectiveness.applicationsGrantedShare');
  const isee = row(snapshot, 'screening.stoppedMissingIseeShare');
  const returns = snapshot.returns?.total;
  const changeText = (figures: IndicatorFigures | undefined): string => {
    if (!figures?.change) return '';
    const change = formatChange(figures.change, figures.unit, lang);
    if (change.direction === null) return '';
    return ` (${word('pdf.summary.change', lang, { change: change.text, semester: semesterLabel(snapshot.meta.previousSemester, lang) })})`;
  };
  if (contacted && taken && rate) {
    items.push(
      word('pdf.summary.people', lang, {
        contacted: formatCount(contacted.value, lang),
        change: changeText(contacted),
        taken: formatCount(taken.value, lang),
        rate: formatShare(rate.value, lang),
      }),
    );
  }
  const top = [...snapshot.screeningByBenefit]
    .filter((benefit) => plainNumber(benefit.likelyEligible) !== null)
    .sort((a, b) => (plainNumber(b.likelyEligible) ?? 0) - (plainNumber(a.likelyEligible) ?? 0))
    .slice(0, 3)
    .map((benefit) => tr(benefit.short, lang));
  if (screenings && withLikely) {
    items.push(
      word('pdf.summary.screenings', lang, {
        screenings: formatCount(screenings.value, lang),
        share: formatShare(withLikely.value, lang),
        top: top.length ? word('pdf.summary.topBenefits', lang, { benefits: top.join(', ') }) : '',
      }),
    );
  }
  if (isee) {
    items.push(word('pdf.summary.isee', lang, { share: formatShare(isee.value, lang) }));
  }
  if (filed && granted) {
    items.push(
      word('pdf.summary.applications', lang, {
        filed: formatCount(filed.value, lang),
        decided: formatCount(granted.denominator, lang),
        share: formatShare(granted.value, lang),
      }),
    );
  }
  if (returns) {
    items.push(
      word('pdf.summary.returns', lang, {
        received: formatCount(returns.received, lang),
        expected: formatCount(returns.expected, lang),
        share: formatShare(returns.completeness, lang),
        onTime: formatCount(returns.onTime, lang),
      }),
    );
  }
  return { ul: items, style: 'body', margin: [0, 0, 0, 6] };
}

/** The summary page: the key figures, then the highlights in words. */
export function summarySection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  return [heading(TEXT.summary, lang, true), keyFigures(snapshot, lang), subheading(tr(TEXT.highlights, lang)), highlights(snapshot, lang)];
}
