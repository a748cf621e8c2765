import { wordText, word, type ReportLanguage } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { formatCount, formatDays, formatShare, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { row } from './figures';
import { TEXT, tr } from './labels';
import { heading } from './layout';
import { figureCell, table } from './tables';

export function applicationsSection(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.applications, lang, true)];
  content.push({
    text: word('pdf.applicationsIntro', lang),
    style: 'body',
  });
  content.push(chart(charts, 'applicationsByBenefit', wordText('pdf.applicationsChart'), lang));
  const filed = row(snapshot, 'help.applicationsFiled');
  const granted = row(snapshot, 'effectiveness.applicationsGrantedShare');
  const days = row(snapshot, 'effectiveness.medianDaysToApplication');
  const daysToGrant = row(snapshot, 'effectiveness.medianDaysToGrant');
  content.push(
    table(
      lang,
      [
        { title: TEXT.benefit, width: '*' },
        { title: TEXT.filed, width: 52, numeric: true },
        { title: TEXT.decided, width: 46, numeric: true },
        { title: TEXT.granted, width: 46, numeric: true },
        { title: TEXT.grantedShare, width: 50, numeric: true },
        { title: TEXT.medianDays, width: 56, numeric: true },
        { title: TEXT.medianDaysToGrant, width: 56, numeric: true },
      ],
      [
        ...snapshot.applicationsByBenefit.map((benefit) => [
          figureCell(tr(benefit.name, lang), false),
          figureCell(formatCount(benefit.filed, lang)),
          figureCell(formatCount(benefit.decided, lang)),
          figureCell(formatCount(benefit.granted, lang)),
          figureCell(formatShare(benefit.grantedShare, lang)),
          figureCell(formatDays(benefit.medianDaysToApplication, lang)),
          figureCell(formatDays(benefit.medianDaysToGrant, lang)),
        ]),
        [
          figureCell(ui('total', lang), false),
          figureCell(formatCount(filed?.value ?? null, lang)),
          figureCell(formatCount(granted?.denominator ?? null, lang)),
          figureCell(formatCount(granted?.numerator ?? null, lang)),
          figureCell(formatShare(granted?.value ?? null, lang)),
          figureCell(formatDays(days?.value ?? null, lang)),
          figureCell(formatDays(daysToGrant?.value ?? null, lang)),
        ],
      ],
      { totalRow: true },
    ),
  );
  return content;
}
