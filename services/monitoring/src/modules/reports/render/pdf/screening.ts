import { wordText, word, type ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { formatCount, formatShare } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { TEXT, tr } from './labels';
import { heading, keepTogether, subheading } from './layout';
import { figureCell, table } from './tables';

export function screeningSection(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.screening, lang, true)];
  content.push({
    text: word('pdf.screeningIntro', lang),
    style: 'body',
  });
  content.push(chart(charts, 'screeningByBenefit', wordText('pdf.screeningChart'), lang));
  content.push(
    table(
      lang,
      [
        { title: TEXT.benefit, width: '*' },
        { title: TEXT.assessed, width: 55, numeric: true },
        { title: TEXT.likely, width: 55, numeric: true },
        { title: TEXT.likelyShare, width: 55, numeric: true },
        { title: TEXT.undetermined, width: 62, numeric: true },
      ],
      snapshot.screeningByBenefit.map((benefit) => [
        figureCell(tr(benefit.name, lang), false),
        figureCell(formatCount(benefit.screenings, lang)),
        figureCell(formatCount(benefit.likelyEligible, lang)),
        figureCell(formatShare(benefit.likelyShare, lang)),
        figureCell(formatCount(benefit.undetermined, lang)),
      ]),
    ),
  );
  content.push(...unknownFactsBlock(snapshot, lang));
  return content;
}

/** "Facts people could not answer": each fact with its don't-know answers and the benefits they left undetermined. */
function unknownFactsBlock(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  // A snapshot compiled before don't-know answers were counted has no such table.
  const rows = snapshot.unknownFacts ?? [];
  const block: Content[] = [subheading(tr(TEXT.unknownFacts, lang)), { text: tr(TEXT.unknownFactsIntro, lang), style: 'body' }];
  if (rows.length === 0) return [...block, { text: tr(TEXT.noUnknownFacts, lang), style: 'small' }];
  block.push(
    table(
      lang,
      [
        { title: TEXT.fact, width: 150 },
        { title: TEXT.dontKnow, width: 62, numeric: true },
        { title: TEXT.leftUndetermined, width: '*' },
      ],
      rows.map((row) => [
        figureCell(tr(row.label, lang), false),
        figureCell(formatCount(row.answers, lang)),
        figureCell(row.undetermined.map((benefit) => `${tr(benefit.short, lang)} (${formatCount(benefit.screenings, lang)})`).join(', ') || '—', false),
      ]),
    ),
  );
  // Heading, words and table on one page while the table is short; a long one may break across pages.
  return rows.length <= KEEP_TOGETHER_ROWS ? [keepTogether(...block)] : block;
}

const KEEP_TOGETHER_ROWS = 25;
