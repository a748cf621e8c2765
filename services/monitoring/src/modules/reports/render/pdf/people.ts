import { wordText, type ReportLanguage } from '../report-words';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { formatCount, formatShare, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { chart, type ChartSvgs } from './chart';
import { breakdown, partOf, row } from './figures';
import { TEXT, tr } from './labels';
import { heading, subheading } from './layout';
import { figureCell, table } from './tables';

function distributionTable(snapshot: ReportSnapshot, lang: ReportLanguage, name: string): Content {
  const figures = breakdown(snapshot, 'takenInCharge.new', name);
  const total = row(snapshot, 'takenInCharge.new')?.value ?? null;
  if (!figures) return { text: '' };
  return {
    stack: [
      { text: tr(figures.label, lang), style: 'h3' },
      table(
        lang,
        [
          { title: TEXT.category, width: '*' },
          { title: TEXT.people2, width: 42, numeric: true },
          { title: TEXT.share, width: 38, numeric: true },
        ],
        figures.categories.map((category) => [
          figureCell(tr(category.label, lang), false),
          figureCell(formatCount(category.numerator, lang)),
          figureCell(formatShare(partOf(category.numerator, total), lang)),
        ]),
      ),
    ],
    margin: [0, 0, 0, 8],
  };
}

export function peopleSection(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.people, lang, true)];
  content.push(chart(charts, 'takenInChargeByTerritory', wordText('pdf.peopleChart'), lang));
  const totalRow = (): TableCell[] => [
    figureCell(`${ui('total', lang)} ${snapshot.meta.scope.name}`, false),
    figureCell(formatCount(row(snapshot, 'screening.completed')?.value ?? null, lang)),
    figureCell(formatCount(row(snapshot, 'activity.peopleContacted')?.value ?? null, lang)),
    figureCell(formatCount(row(snapshot, 'takenInCharge.new')?.value ?? null, lang)),
    figureCell(formatShare(row(snapshot, 'takenInCharge.rate')?.value ?? null, lang)),
  ];
  content.push(
    table(
      lang,
      [
        { title: TEXT.territory, width: '*' },
        { title: TEXT.screenings, width: 62, numeric: true },
        { title: TEXT.contacted, width: 62, numeric: true },
        { title: TEXT.taken, width: 70, numeric: true },
        { title: TEXT.rate, width: 45, numeric: true },
      ],
      [
        ...snapshot.territories.map((territory) => [
          figureCell(territory.name, false),
          figureCell(formatCount(territory.screenings, lang)),
          figureCell(formatCount(territory.contacted, lang)),
          figureCell(formatCount(territory.takenInCharge, lang)),
          figureCell(formatShare(territory.takeInChargeRate, lang)),
        ]),
        totalRow(),
      ],
      { totalRow: true },
    ),
  );
  content.push(subheading(tr(TEXT.profile, lang)));
  content.push({
    columns: [
      { stack: [distributionTable(snapshot, lang, 'ageBand'), distributionTable(snapshot, lang, 'citizenshipGroup')], width: '*' },
      { stack: [distributionTable(snapshot, lang, 'sex'), distributionTable(snapshot, lang, 'housingCondition')], width: '*' },
    ],
    columnGap: 16,
  });
  return content;
}
