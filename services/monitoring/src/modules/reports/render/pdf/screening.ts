import type { Language } from '@inps/kernel';
import type { Content } from 'pdfmake/interfaces';
import { formatCount, formatShare } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { t, TEXT, tr } from './labels';
import { heading } from './layout';
import { figureCell, table } from './tables';

export function screeningSection(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.screening, lang, true)];
  content.push({
    text:
      lang === 'it'
        ? 'Per ogni prestazione: quante volte il questionario l’ha indicata come probabile e quante è rimasta da verificare per dati mancanti (spesso l’ISEE o la residenza).'
        : 'For each benefit: how often the screening found it likely, and how often it stayed undetermined for missing facts (often the ISEE or the residence).',
    style: 'body',
  });
  content.push(chart(charts, 'screeningByBenefit', t('Prestazioni individuate dai questionari', 'Benefits found by the screenings'), lang));
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
