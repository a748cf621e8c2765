import { wordText, word, type ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { formatCount, formatShare, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { breakdown, partOf, row } from './figures';
import { TEXT, tr } from './labels';
import { heading, keepTogether, subheading } from './layout';
import { figureCell, table } from './tables';

export function needsSection(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.needsHelp, lang, true)];
  content.push({
    text: word('pdf.needsIntro', lang),
    style: 'body',
  });
  content.push(chart(charts, 'needsByType', wordText('pdf.needsChart'), lang));
  content.push(
    table(
      lang,
      [
        { title: TEXT.needType, width: '*' },
        { title: TEXT.found, width: 60, numeric: true },
        { title: TEXT.resolved, width: 60, numeric: true },
        { title: TEXT.resolvedShare, width: 60, numeric: true },
      ],
      [
        ...snapshot.needs.map((need) => [
          figureCell(tr(need.label, lang), false),
          figureCell(formatCount(need.found, lang)),
          figureCell(formatCount(need.resolved, lang)),
          figureCell(formatShare(need.resolvedShare, lang)),
        ]),
        [
          figureCell(ui('total', lang), false),
          figureCell(formatCount(row(snapshot, 'needs.found')?.value ?? null, lang)),
          figureCell(formatCount(row(snapshot, 'effectiveness.needsResolvedShare')?.numerator ?? null, lang)),
          figureCell(formatShare(row(snapshot, 'effectiveness.needsResolvedShare')?.value ?? null, lang)),
        ],
      ],
      { totalRow: true },
    ),
  );
  const help = breakdown(snapshot, 'help.given', 'helpType');
  const helpTotal = row(snapshot, 'help.given')?.value ?? null;
  if (help) {
    content.push(
      keepTogether(
        subheading(tr(wordText('pdf.helpGivenByType'), lang)),
        table(
          lang,
          [
            { title: TEXT.helpType, width: '*' },
            { title: TEXT.interventions, width: 70, numeric: true },
            { title: TEXT.share, width: 50, numeric: true },
          ],
          [
            ...help.categories.map((category) => [
              figureCell(tr(category.label, lang), false),
              figureCell(formatCount(category.numerator, lang)),
              figureCell(formatShare(partOf(category.numerator, helpTotal), lang)),
            ]),
            [figureCell(ui('total', lang), false), figureCell(formatCount(helpTotal, lang)), figureCell(formatShare(helpTotal === null ? null : 1, lang))],
          ],
          { totalRow: true },
        ),
      ),
    );
  }
  return content;
}
