import { wordText, word, type ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { formatCount, formatShare } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { TEXT, tr } from './labels';
import { heading } from './layout';
import { figureCell, table } from './tables';

export function screeningSection(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.screening, lang, true)];
  content.push({
    text: word('pdf.forEachBenefitHowOftenThe', lang),
    style: 'body',
  });
  content.push(chart(charts, 'screeningByBenefit', wordText('pdf.benefitsFoundByTheScreenings'), lang));
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
  return content;
}
