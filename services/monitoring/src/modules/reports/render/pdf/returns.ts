import { word, type ReportLanguage } from '../report-words';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatCount, formatShare, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT } from './labels';
import { heading, keepTogether } from './layout';
import { figureCell, table } from './tables';

export function returnsSection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  if (!snapshot.returns) return [];
  const { returns } = snapshot;
  const line = (item: typeof returns.total, name: string): TableCell[] => [
    figureCell(name, false),
    figureCell(formatCount(item.expected, lang)),
    figureCell(formatCount(item.received, lang)),
    figureCell(formatCount(item.onTime, lang)),
    figureCell(formatShare(item.completeness, lang)),
    figureCell(formatShare(item.timeliness, lang)),
  ];
  const section: Content[] = [
    heading(TEXT.returns, lang),
    {
      text: word('pdf.returnsIntro', lang),
      style: 'body',
    },
    table(
      lang,
      [
        { title: TEXT.territory, width: '*' },
        { title: TEXT.expected, width: 48, numeric: true },
        { title: TEXT.received, width: 50, numeric: true },
        { title: TEXT.onTime, width: 48, numeric: true },
        { title: TEXT.completeness, width: 62, numeric: true },
        { title: TEXT.timeliness, width: 62, numeric: true },
      ],
      [...returns.byTerritory.map((item) => line(item, item.name)), line(returns.total, `${ui('total', lang)} ${returns.total.name}`)],
      { totalRow: true },
    ),
  ];
  // A short table stays with its heading; a national one (20 regions) may run over a page.
  return returns.byTerritory.length <= 12 ? [keepTogether(...section)] : section;
}
