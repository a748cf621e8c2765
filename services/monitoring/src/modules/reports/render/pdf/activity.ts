import { word, wordText, type ReportLanguage } from '../report-words';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { indicatorsOfSection } from '../../../../domain/indicators';
import { formatChange, formatCount, formatShare, formatValue, ui } from '../format';
import type { IndicatorFigures, ReportSnapshot } from '../report-snapshot';
import { breakdown, row } from './figures';
import { TEXT, tr } from './labels';
import { heading, keepTogether, subheading } from './layout';
import { figureCell, table, type TableColumn } from './tables';

function channelBlock(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  const channels = breakdown(snapshot, 'screening.completed', 'channel');
  const likelyByChannel = breakdown(snapshot, 'screening.withLikelyBenefitShare', 'channel');
  if (!channels) return [];
  return [
    keepTogether(
      subheading(tr(wordText('pdf.screeningsByChannel'), lang)),
      table(
        lang,
        [
          { title: TEXT.channel, width: '*' },
          { title: TEXT.screenings, width: 70, numeric: true },
          { title: TEXT.withLikely, width: 120, numeric: true },
          { title: TEXT.share, width: 50, numeric: true },
        ],
        [
          ...channels.categories.map((channel) => {
            const likely = likelyByChannel?.categories.find((figures) => figures.category === channel.category);
            return [
              figureCell(tr(channel.label, lang), false),
              figureCell(formatCount(channel.numerator, lang)),
              figureCell(formatCount(likely?.numerator ?? null, lang)),
              figureCell(formatShare(likely?.value ?? null, lang)),
            ];
          }),
          [
            figureCell(ui('total', lang), false),
            figureCell(formatCount(row(snapshot, 'screening.completed')?.value ?? null, lang)),
            figureCell(formatCount(row(snapshot, 'screening.withLikelyBenefitShare')?.numerator ?? null, lang)),
            figureCell(formatShare(row(snapshot, 'screening.withLikelyBenefitShare')?.value ?? null, lang)),
          ],
        ],
        { totalRow: true },
      ),
    ),
  ];
}

export function activitySection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  const activity = indicatorsOfSection('activity')
    .map((definition) => row(snapshot, definition.id))
    .filter((figures): figures is IndicatorFigures => figures !== undefined);
  const content: Content[] = [heading(snapshot.governance ? TEXT.activity : TEXT.activityOnly, lang, true)];
  const figureRows = (rows: readonly IndicatorFigures[]): TableCell[][] =>
    rows.map((figures) => [
      figureCell(tr(figures.label, lang), false),
      figureCell(formatValue(figures.value, figures.unit, lang), true, true),
      figureCell(figures.unit === 'share' ? `${formatCount(figures.numerator, lang)} / ${formatCount(figures.denominator, lang)}` : ''),
      figureCell(figures.previous ? formatValue(figures.previous.value, figures.unit, lang) : '—'),
      figureCell(formatChange(figures.change, figures.unit, lang).text),
    ]);
  const columns: TableColumn[] = [
    { title: TEXT.figure, width: '*' },
    { title: wordText('pdf.value'), width: 55, numeric: true },
    { title: wordText('pdf.of'), width: 60, numeric: true },
    { title: { it: snapshot.meta.previousSemester, en: snapshot.meta.previousSemester }, width: 50, numeric: true },
    { title: wordText('pdf.change'), width: 60, numeric: true },
  ];
  content.push(table(lang, columns, figureRows(activity)));
  content.push(...channelBlock(snapshot, lang));
  if (snapshot.governance) {
    const governance = indicatorsOfSection('governance')
      .map((definition) => row(snapshot, definition.id))
      .filter((figures): figures is IndicatorFigures => figures !== undefined);
    content.push(keepTogether(subheading(tr(TEXT.governance, lang)), table(lang, columns, figureRows(governance))));
    const kinds = snapshot.governance.agreementsByKind.map((kind) => `${tr(kind.label, lang)} ${formatCount(kind.count, lang)}`).join(' · ');
    const levels = snapshot.governance.meetingsByLevel.map((level) => `${tr(level.label, lang)} ${formatCount(level.count, lang)}`).join(' · ');
    content.push({
      text: word('pdf.governanceNote', lang, { kinds, levels }),
      style: 'small',
      margin: [0, 4, 0, 0],
    });
  }
  return content;
}
