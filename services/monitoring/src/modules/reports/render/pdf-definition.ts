import { type Language, type Text, textIn } from '@inps/kernel';
import type { Column as PdfColumn, Content, ContentTable, CustomTableLayout, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { benefitLabel } from '../../../domain/benefits';
import { indicatorsOfSection, SECTIONS } from '../../../domain/indicators';
import { semesterLabel } from '../../../domain/semester';
import { ChartId, COLORS } from './charts';
import { formatChange, formatCount, formatDate, formatDateTime, formatDays, formatEuro, formatShare, formatValue, LEVEL_LABELS, ui } from './format';
import { BreakdownFigures, IndicatorFigures, isSuppressed, KeyFigure, plainNumber, ReportNumber, ReportSnapshot } from './report-snapshot';

/**
 * The PDF as a pdfmake document definition: a pure function of the snapshot, the language and
 * the chart SVGs, so that its text can be tested without rendering.
 */

export type ChartSvgs = Partial<Readonly<Record<ChartId, string>>>;

const PAGE_WIDTH = 595.28;
const MARGIN_X = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const CARD_FILL = '#F3F6FB';
const UP = '#2E7D32';
const DOWN = '#C62828';
const LINE = '#D1D5DB';

const t = (it: string, en: string): Text => ({ it, en });

const TEXT = {
  summary: t('Sintesi', 'Summary'),
  highlights: t('In breve', 'At a glance'),
  screening: t('Questionari e prestazioni individuate', 'Screenings and benefits found'),
  people: t('Persone contattate e prese in carico', 'People contacted and taken in charge'),
  profile: t('Chi sono le persone prese in carico', 'Who the people taken in charge are'),
  needsHelp: t('Bisogni rilevati e aiuti forniti', 'Needs found and help given'),
  applications: t('Domande ed esiti', 'Applications and outcomes'),
  activity: t('Attività sul territorio e governance', 'Outreach activity and governance'),
  activityOnly: t('Attività sul territorio', 'Outreach activity'),
  returns: t('Completezza e tempestività delle rendicontazioni', 'Completeness and timeliness of returns'),
  parameters: t('Parametri delle regole non ancora confermati', 'Rule parameters not yet confirmed'),
  method: t('Note metodologiche', 'Notes on method'),
  appendix: t('Appendice: tutti gli indicatori', 'Appendix: all indicators'),
  benefit: t('Prestazione', 'Benefit'),
  assessed: t('Valutazioni', 'Assessed'),
  likely: t('Probabile', 'Likely'),
  likelyShare: t('% probabile', '% likely'),
  undetermined: t('Da verificare', 'Undetermined'),
  channel: t('Canale', 'Channel'),
  screenings: t('Questionari', 'Screenings'),
  withLikely: t('Con almeno una prestazione probabile', 'With at least one likely benefit'),
  territory: t('Territorio', 'Territory'),
  contacted: t('Contattate', 'Contacted'),
  taken: t('Prese in carico', 'Taken in charge'),
  rate: t('Tasso', 'Rate'),
  category: t('Categoria', 'Category'),
  people2: t('Persone', 'People'),
  share: t('%', '%'),
  needType: t('Tipo di bisogno', 'Type of need'),
  found: t('Rilevati', 'Found'),
  resolved: t('Risolti', 'Resolved'),
  resolvedShare: t('% risolti', '% resolved'),
  helpType: t('Tipo di aiuto', 'Type of help'),
  interventions: t('Interventi', 'Interventions'),
  filed: t('Presentate', 'Filed'),
  decided: t('Decise', 'Decided'),
  granted: t('Accolte', 'Granted'),
  grantedShare: t('% accolte', '% granted'),
  medianDays: t('Giorni (mediana)', 'Days (median)'),
  medianDaysToGrant: t('Giorni alla concessione (mediana)', 'Days to grant (median)'),
  expected: t('Attese', 'Expected'),
  received: t('Ricevute', 'Received'),
  onTime: t('In tempo', 'On time'),
  completeness: t('Completezza', 'Completeness'),
  timeliness: t('Tempestività', 'Timeliness'),
  parameter: t('Parametro', 'Parameter'),
  note: t('Nota', 'Note'),
  figure: t('Dato', 'Figure'),
  chart: t('[grafico]', '[chart]'),
  versus: t('rispetto al', 'versus the'),
  notComparable: t('nessun confronto', 'no comparison'),
  previousValue: t('prima', 'before'),
  governance: t('Governance', 'Governance'),
  partnerEdition: t('Versione per i partner', 'Partner version'),
  internalEdition: t('Uso interno', 'Internal use'),
  comparedWith: t('Confronto con', 'Compared with'),
  istat: t('codice ISTAT', 'ISTAT code'),
} as const;

function tr(label: Text, lang: Language): string {
  return textIn(label, lang);
}

// ---------------------------------------------------------------------------------------------
// Tables

const tableLayout: CustomTableLayout = {
  hLineWidth: (index, node) => (index === 0 || index === node.table.body.length ? 0 : index === 1 ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: (index) => (index === 1 ? COLORS.primary : LINE),
  paddingLeft: (index) => (index === 0 ? 2 : 5),
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

interface TableColumn {
  readonly title: Text;
  readonly width: number | '*' | 'auto';
  readonly numeric?: boolean;
}

function headerCell(title: string, numeric: boolean): TableCell {
  return { text: title, style: 'th', alignment: numeric ? 'right' : 'left' };
}

function figureCell(text: string, numeric = true, bold = false): TableCell {
  const hidden = text === '< 5' || text === 'n.d.';
  return { text, alignment: numeric ? 'right' : 'left', bold, color: hidden ? COLORS.muted : undefined, italics: hidden };
}

function table(lang: Language, columns: readonly TableColumn[], rows: readonly (readonly TableCell[])[], options: { totalRow?: boolean } = {}): ContentTable {
  const body: TableCell[][] = [columns.map((column) => headerCell(tr(column.title, lang), column.numeric === true)), ...rows.map((row) => [...row])];
  if (options.totalRow && body.length > 1) {
    // Cells here are always objects built by figureCell.
    body[body.length - 1] = body[body.length - 1].map((cell) => ({ ...(cell as object), bold: true }) as TableCell);
  }
  return {
    table: { headerRows: 1, widths: columns.map((column) => column.width), body, dontBreakRows: true },
    layout: tableLayout,
    style: 'table',
  };
}

// ---------------------------------------------------------------------------------------------
// Pieces

/** A heading that opens a page, or one that flows and must not be left alone at a page's foot. */
function heading(label: Text, lang: Language, pageBreak = false): Content {
  return pageBreak ? { text: tr(label, lang), style: 'h1', pageBreak: 'before' } : { text: tr(label, lang), style: ['h1', 'flowing'], headlineLevel: 1 };
}

function subheading(text: string): Content {
  return { text, style: 'h2', headlineLevel: 2 };
}

function chart(charts: ChartSvgs | null, id: ChartId, title: Text, lang: Language): Content {
  const svg = charts?.[id];
  const body: Content = svg ? { svg, width: CONTENT_WIDTH } : { text: tr(TEXT.chart, lang), style: 'muted', margin: [0, 10, 0, 10] };
  return { stack: [{ text: tr(title, lang), style: 'chartTitle' }, body], unbreakable: true, margin: [0, 2, 0, 8] };
}

function row(snapshot: ReportSnapshot, id: string): IndicatorFigures | undefined {
  return snapshot.indicators.find((indicator) => indicator.indicatorId === id);
}

function breakdown(snapshot: ReportSnapshot, id: string, name: string): BreakdownFigures | undefined {
  return row(snapshot, id)?.breakdowns.find((figures) => figures.breakdown === name);
}

/** category / total as a share, only when both are shown. */
function partOf(part: ReportNumber, total: ReportNumber): ReportNumber {
  if (isSuppressed(part)) return { suppressed: 'derived' };
  const p = plainNumber(part);
  const w = plainNumber(total);
  return p === null || w === null || w === 0 ? null : p / w;
}

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

function keyFigureCard(figure: KeyFigure, snapshot: ReportSnapshot, lang: Language): TableCell {
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

function keyFigures(snapshot: ReportSnapshot, lang: Language): Content {
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

function highlights(snapshot: ReportSnapshot, lang: Language): Content {
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
    return lang === 'it'
      ? ` (${change.text} rispetto al ${semesterLabel(snapshot.meta.previousSemester, 'it')})`
      : ` (${change.text} on the ${semesterLabel(snapshot.meta.previousSemester, 'en')})`;
  };
  if (contacted && taken && rate) {
    items.push(
      lang === 'it'
        ? `Nel semestre i partner hanno contattato ${formatCount(contacted.value, lang)} persone${changeText(contacted)}; ne hanno prese in carico ${formatCount(taken.value, lang)}, il ${formatShare(rate.value, lang)}.`
        : `In the semester partners contacted ${formatCount(contacted.value, lang)} people${changeText(contacted)} and took ${formatCount(taken.value, lang)} of them in charge (${formatShare(rate.value, lang)}).`,
    );
  }
  const top = [...snapshot.screeningByBenefit]
    .filter((benefit) => plainNumber(benefit.likelyEligible) !== null)
    .sort((a, b) => (plainNumber(b.likelyEligible) ?? 0) - (plainNumber(a.likelyEligible) ?? 0))
    .slice(0, 3)
    .map((benefit) => tr(benefit.short, lang));
  if (screenings && withLikely) {
    items.push(
      lang === 'it'
        ? `Sono stati completati ${formatCount(screenings.value, lang)} questionari: nel ${formatShare(withLikely.value, lang)} è emersa almeno una prestazione probabile${top.length ? `, più spesso ${top.join(', ')}` : ''}.`
        : `${formatCount(screenings.value, lang)} screenings were completed: ${formatShare(withLikely.value, lang)} found at least one likely benefit${top.length ? `, most often ${top.join(', ')}` : ''}.`,
    );
  }
  if (isee) {
    items.push(
      lang === 'it'
        ? `Il ${formatShare(isee.value, lang)} dei questionari si è fermato per la mancanza dell'ISEE: una DSU presentata al CAF può sbloccare la verifica.`
        : `${formatShare(isee.value, lang)} of screenings stopped for a missing ISEE: a DSU filed at a CAF can unlock the check.`,
    );
  }
  if (filed && granted) {
    items.push(
      lang === 'it'
        ? `Sono state presentate ${formatCount(filed.value, lang)} domande; di quelle già decise (${formatCount(granted.denominator, lang)}) è stato accolto il ${formatShare(granted.value, lang)}.`
        : `${formatCount(filed.value, lang)} applications were filed; of those already decided (${formatCount(granted.denominator, lang)}), ${formatShare(granted.value, lang)} were granted.`,
    );
  }
  if (returns) {
    items.push(
      lang === 'it'
        ? `Sono arrivate ${formatCount(returns.received, lang)} rendicontazioni semestrali su ${formatCount(returns.expected, lang)} attese (${formatShare(returns.completeness, lang)}), ${formatCount(returns.onTime, lang)} entro la scadenza.`
        : `${formatCount(returns.received, lang)} of ${formatCount(returns.expected, lang)} expected semiannual returns arrived (${formatShare(returns.completeness, lang)}), ${formatCount(returns.onTime, lang)} by the due date.`,
    );
  }
  return { ul: items, style: 'body', margin: [0, 0, 0, 6] };
}

function distributionTable(snapshot: ReportSnapshot, lang: Language, name: string): Content {
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

function indicatorTableRows(snapshot: ReportSnapshot, lang: Language): TableCell[][] {
  const rows: TableCell[][] = [];
  for (const section of SECTIONS) {
    const indicators = snapshot.indicators.filter((indicator) => indicator.section === section.id);
    if (indicators.length === 0) continue;
    rows.push([{ text: tr(section.label, lang), colSpan: 6, bold: true, color: COLORS.primary, margin: [0, 4, 0, 0] }, {}, {}, {}, {}, {}]);
    for (const indicator of indicators) {
      rows.push([
        figureCell(tr(indicator.label, lang), false),
        figureCell(formatValue(indicator.value, indicator.unit, lang), true, true),
        figureCell(formatCount(indicator.numerator, lang)),
        figureCell(indicator.denominatorMeasure ? formatCount(indicator.denominator, lang) : ''),
        figureCell(indicator.previous ? formatValue(indicator.previous.value, indicator.unit, lang) : '—'),
        figureCell(formatChange(indicator.change, indicator.unit, lang).text),
      ]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Sections

function titlePage(snapshot: ReportSnapshot, lang: Language): Content[] {
  const { meta } = snapshot;
  const level = LEVEL_LABELS[meta.scope.level][lang];
  const territory = meta.scope.istatCode ? `${meta.scope.name} (${level}, ${tr(TEXT.istat, lang)} ${meta.scope.istatCode})` : `${meta.scope.name} (${level})`;
  const detail = (label: string, value: string): TableCell[] => [
    { text: label, color: COLORS.muted, fontSize: 9.5 },
    { text: value, fontSize: 10.5 },
  ];
  return [
    { text: ui('programme', lang), fontSize: 34, bold: true, color: '#FFFFFF', margin: [0, 36, 0, 0] },
    {
      text: tr(t('Monitoraggio semestrale del programma', "The programme's semiannual monitoring"), lang),
      fontSize: 12,
      color: '#DCE7F5',
      margin: [0, 2, 0, 46],
    },
    { text: ui('reportTitle', lang), fontSize: 24, bold: true, color: '#FFFFFF' },
    {
      text: `${semesterLabel(meta.semester, lang)} · ${meta.scope.name}`,
      fontSize: 16,
      color: '#FFFFFF',
      margin: [0, 4, 0, 0],
    },
    {
      table: {
        widths: [120, '*'],
        body: [
          detail(ui('territory', lang), territory),
          detail(ui('period', lang), `${formatDate(meta.period.from, lang)} – ${formatDate(meta.period.to, lang)} (${meta.semester})`),
          detail(tr(TEXT.comparedWith, lang), `${semesterLabel(meta.previousSemester, lang)} (${meta.previousSemester})`),
          detail(ui('version', lang), String(meta.version)),
          detail(ui('generated', lang), formatDateTime(meta.generatedAt, lang)),
          detail(ui('ruleSets', lang), meta.ruleSetIds.join(', ')),
        ],
      },
      layout: 'noBorders',
      margin: [0, 120, 0, 18],
    },
    {
      text:
        lang === 'it'
          ? 'INPS per tutti porta le prestazioni dell’Istituto alle persone in povertà che difficilmente arrivano agli sportelli: con Comuni, ANCI, Caritas, Comunità di Sant’Egidio e altre realtà del terzo settore, gli operatori incontrano le persone nelle mense, nelle stazioni, nei dormitori e con le unità mobili, verificano con un questionario anonimo le prestazioni a cui probabilmente hanno diritto e le aiutano a ottenerle. Ogni sei mesi i partner rendicontano le persone prese in carico, i bisogni rilevati e gli esiti; questo rapporto ne raccoglie i risultati.'
          : 'INPS per tutti takes the Institute’s benefits to people in poverty who seldom reach its offices: with municipalities, ANCI, Caritas, the Community of Sant’Egidio and other third-sector bodies, operators meet people at soup kitchens, stations, shelters and mobile units, check with an anonymous questionnaire which benefits they are probably entitled to, and help them get them. Every six months the partners report on the people taken in charge, the needs found and the outcomes; this report brings the results together.',
      fontSize: 9,
      color: COLORS.text,
      margin: [0, 0, 0, 14],
      lineHeight: 1.3,
    },
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                { text: tr(meta.partnerView ? TEXT.partnerEdition : TEXT.internalEdition, lang), bold: true, margin: [0, 0, 0, 2] },
                { text: ui(meta.partnerView ? 'partnerNotice' : 'internalNotice', lang) },
              ],
              fillColor: meta.partnerView ? '#EAF4EA' : '#FFF4E5',
              margin: [8, 6, 8, 6],
              fontSize: 9,
            },
          ],
        ],
      },
      layout: 'noBorders',
    },
  ];
}

function screeningSection(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): Content[] {
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

function peopleSection(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.people, lang, true)];
  content.push(
    chart(
      charts,
      'takenInChargeByTerritory',
      t('Persone contattate e prese in carico per territorio', 'People contacted and taken in charge by territory'),
      lang,
    ),
  );
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

function needsSection(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.needsHelp, lang, true)];
  content.push({
    text:
      lang === 'it'
        ? 'Una persona può avere più bisogni: ogni tipo di bisogno è contato una volta per persona.'
        : 'A person can have several needs: each type of need counts once per person.',
    style: 'body',
  });
  content.push(chart(charts, 'needsByType', t('Bisogni rilevati e risolti', 'Needs found and resolved'), lang));
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
        subheading(tr(t('Aiuti forniti per tipo', 'Help given by type'), lang)),
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

function applicationsSection(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): Content[] {
  const content: Content[] = [heading(TEXT.applications, lang, true)];
  content.push({
    text:
      lang === 'it'
        ? 'Domande presentate nel semestre con l’aiuto dei partner e loro esito alla fine del semestre; la percentuale di accoglimento è calcolata sulle domande già decise.'
        : 'Applications filed in the semester with the partners’ help and their outcome at the end of the semester; the grant rate is over the applications already decided.',
    style: 'body',
  });
  content.push(chart(charts, 'applicationsByBenefit', t('Domande decise e accolte per prestazione', 'Applications decided and granted by benefit'), lang));
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

function channelBlock(snapshot: ReportSnapshot, lang: Language): Content[] {
  const channels = breakdown(snapshot, 'screening.completed', 'channel');
  const likelyByChannel = breakdown(snapshot, 'screening.withLikelyBenefitShare', 'channel');
  if (!channels) return [];
  return [
    keepTogether(
      subheading(tr(t('Questionari per canale', 'Screenings by channel'), lang)),
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

/** A subheading and a short table on the same page. */
function keepTogether(...items: Content[]): Content {
  return { stack: items, unbreakable: true };
}

function activitySection(snapshot: ReportSnapshot, lang: Language): Content[] {
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
    { title: t('Valore', 'Value'), width: 55, numeric: true },
    { title: t('Su', 'Of'), width: 60, numeric: true },
    { title: { it: snapshot.meta.previousSemester, en: snapshot.meta.previousSemester }, width: 50, numeric: true },
    { title: t('Variazione', 'Change'), width: 60, numeric: true },
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
      text:
        lang === 'it'
          ? `Accordi attivi per tipo: ${kinds}. Riunioni dei tavoli tecnici: ${levels}.`
          : `Active agreements by kind: ${kinds}. Technical-table meetings: ${levels}.`,
      style: 'small',
      margin: [0, 4, 0, 0],
    });
  }
  return content;
}

function returnsSection(snapshot: ReportSnapshot, lang: Language): Content[] {
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
      text:
        lang === 'it'
          ? 'Rendicontazioni semestrali dei partner attese in base agli accordi attivi, ricevute e ricevute entro la scadenza.'
          : "Partners' semiannual returns expected under the active agreements, received, and received by the due date.",
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

function unitText(unit: 'EUR' | 'EUR_MONTH' | 'EUR_YEAR' | 'DAYS', value: number, lang: Language): string {
  if (unit === 'DAYS') return `${formatCount(value, lang)} ${lang === 'it' ? 'giorni' : 'days'}`;
  const euro = formatEuro(value, lang);
  if (unit === 'EUR_MONTH') return `${euro} ${lang === 'it' ? 'al mese' : 'a month'}`;
  if (unit === 'EUR_YEAR') return `${euro} ${lang === 'it' ? "l'anno" : 'a year'}`;
  return euro;
}

function parametersSection(snapshot: ReportSnapshot, lang: Language): Content[] {
  if (snapshot.parameterNotes.length === 0) return [];
  const section: Content[] = [
    heading(TEXT.parameters, lang),
    {
      text:
        lang === 'it'
          ? 'Questi valori sono usati dalle regole di screening del semestre ma non sono ancora confermati da una fonte primaria INPS: i risultati delle prestazioni interessate vanno letti con cautela. Una nuova versione delle regole li correggerà.'
          : "These figures are used by the semester's screening rules but are not yet confirmed by a primary INPS source: results for the benefits concerned should be read with care. A new rule-set version will correct them.",
      style: 'body',
    },
    table(
      lang,
      [
        { title: TEXT.benefit, width: 110 },
        { title: TEXT.parameter, width: 130 },
        { title: t('Valore', 'Value'), width: 75, numeric: true },
        { title: TEXT.note, width: '*' },
      ],
      snapshot.parameterNotes.map((note) => [
        figureCell(benefitLabel(note.benefitId)?.short[lang] ?? note.benefitId, false),
        { text: `${note.parameter}\n(${note.ruleSetId})`, fontSize: 7.5, color: COLORS.muted },
        figureCell(unitText(note.unit, note.value, lang)),
        figureCell(tr(note.note, lang), false),
      ]),
    ),
  ];
  return snapshot.parameterNotes.length <= 15 ? [keepTogether(...section)] : section;
}

function methodSection(snapshot: ReportSnapshot, lang: Language): Content[] {
  const items =
    lang === 'it'
      ? [
          `Periodo: ${formatDate(snapshot.meta.period.from, lang)} – ${formatDate(snapshot.meta.period.to, lang)}, ora italiana; il confronto è con il ${semesterLabel(snapshot.meta.previousSemester, lang)}. Le variazioni dei conteggi sono in percentuale, quelle delle quote in punti percentuali (p.p.).`,
          'Fonti: questionari anonimi completati (nessun dato personale), seguiti registrati dagli operatori, rendicontazioni semestrali dei partner, registro degli accordi e degli eventi.',
          'Le quote sono calcolate solo quando il denominatore è maggiore di zero («—» altrimenti). I giorni sono mediane.',
          'Bisogni e aiuti: una persona può averne più di uno; ogni tipo è contato una volta per persona, per questo i totali superano il numero di persone.',
          'Riservatezza: nelle versioni per i partner i conteggi di persone da 1 a 4 non sono mostrati («< 5»); sono nascosti («n.d.») anche i valori che permetterebbero di ricostruirli per differenza dai totali, le quote calcolate su valori nascosti e le mediane su meno di 5 casi.',
        ]
      : [
          `Period: ${formatDate(snapshot.meta.period.from, lang)} – ${formatDate(snapshot.meta.period.to, lang)}, Italian time; compared with the ${semesterLabel(snapshot.meta.previousSemester, lang)}. Changes of counts are in percent, changes of shares in percentage points (pp).`,
          "Sources: anonymous completed screenings (no personal data), follow-ups recorded by operators, partners' semiannual returns, the registry of agreements and events.",
          'Shares are computed only when the denominator is above zero ("—" otherwise). Days are medians.',
          'Needs and help: a person can have more than one; each type counts once per person, so totals exceed the number of people.',
          'Confidentiality: in partner versions, counts of people from 1 to 4 are not shown ("< 5"); figures that would let them be worked out from totals, shares computed on hidden figures and medians of fewer than 5 cases are hidden too ("n.d.").',
        ];
  return [heading(TEXT.method, lang), { ul: items, style: 'body' }];
}

function appendix(snapshot: ReportSnapshot, lang: Language): Content[] {
  return [
    heading(TEXT.appendix, lang),
    table(
      lang,
      [
        { title: t('Indicatore', 'Indicator'), width: '*' },
        { title: t('Valore', 'Value'), width: 50, numeric: true },
        { title: t('Numeratore', 'Numerator'), width: 52, numeric: true },
        { title: t('Denominatore', 'Denominator'), width: 58, numeric: true },
        { title: { it: snapshot.meta.previousSemester, en: snapshot.meta.previousSemester }, width: 46, numeric: true },
        { title: t('Variazione', 'Change'), width: 52, numeric: true },
      ],
      indicatorTableRows(snapshot, lang),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------

export function buildPdfDefinition(snapshot: ReportSnapshot, lang: Language, charts: ChartSvgs | null): TDocumentDefinitions {
  const { meta } = snapshot;
  const shortTitle = `${ui('programme', lang)} · ${ui('reportTitle', lang)} ${meta.semester} · ${meta.scope.name}`;
  const edition = meta.partnerView ? tr(TEXT.partnerEdition, lang) : tr(TEXT.internalEdition, lang);
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 56, MARGIN_X, 50],
    info: {
      title: `${ui('reportTitle', lang)} ${meta.semester} – ${meta.scope.name}`,
      author: ui('directorate', lang),
      subject: `${ui('programme', lang)} – ${semesterLabel(meta.semester, lang)}`,
      creator: 'INPS per tutti – monitoring service',
      producer: 'pdfmake',
      creationDate: new Date(meta.generatedAt),
      modDate: new Date(meta.generatedAt),
    },
    background: (currentPage) =>
      currentPage === 1
        ? {
            stack: [
              { canvas: [{ type: 'rect', x: 0, y: 0, w: PAGE_WIDTH, h: 330, color: COLORS.primary }] },
              { text: ui('directorate', lang), fontSize: 9, color: COLORS.muted, absolutePosition: { x: MARGIN_X, y: 792 } },
            ],
          }
        : null,
    header: (currentPage) =>
      currentPage === 1
        ? null
        : {
            columns: [
              { text: shortTitle, fontSize: 7.5, color: COLORS.muted },
              { text: edition, fontSize: 7.5, color: meta.partnerView ? UP : COLORS.accent, alignment: 'right', width: 'auto' },
            ],
            margin: [MARGIN_X, 24, MARGIN_X, 0],
          },
    footer: (currentPage, pageCount) =>
      currentPage === 1
        ? null
        : {
            columns: [
              {
                text: `${ui('directorate', lang)} · ${ui('version', lang)} ${meta.version} · ${formatDate(meta.generatedAt, lang)}`,
                fontSize: 7.5,
                color: COLORS.muted,
              },
              {
                text: `${ui('page', lang)} ${currentPage} ${ui('of', lang)} ${pageCount}`,
                fontSize: 7.5,
                color: COLORS.muted,
                alignment: 'right',
                width: 'auto',
              },
            ],
            margin: [MARGIN_X, 16, MARGIN_X, 0],
          },
    pageBreakBefore: (currentNode, nodes) =>
      // A flowing heading never ends a page.
      (currentNode.headlineLevel === 1 || currentNode.headlineLevel === 2) && nodes.getFollowingNodesOnPage().length < 2,
    content: [
      ...titlePage(snapshot, lang),
      heading(TEXT.summary, lang, true),
      keyFigures(snapshot, lang),
      subheading(tr(TEXT.highlights, lang)),
      highlights(snapshot, lang),
      ...screeningSection(snapshot, lang, charts),
      ...peopleSection(snapshot, lang, charts),
      ...needsSection(snapshot, lang, charts),
      ...applicationsSection(snapshot, lang, charts),
      ...activitySection(snapshot, lang),
      ...returnsSection(snapshot, lang),
      ...parametersSection(snapshot, lang),
      ...methodSection(snapshot, lang),
      ...appendix(snapshot, lang),
    ],
    defaultStyle: { font: 'Roboto', fontSize: 9, color: COLORS.text, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, color: COLORS.primary, margin: [0, 0, 0, 8] },
      flowing: { margin: [0, 16, 0, 8] },
      h2: { fontSize: 11.5, bold: true, color: COLORS.primary, margin: [0, 12, 0, 5] },
      h3: { fontSize: 9.5, bold: true, color: COLORS.text, margin: [0, 0, 0, 3] },
      th: { bold: true, fontSize: 8, color: COLORS.primary },
      table: { fontSize: 8.5, margin: [0, 2, 0, 8] },
      body: { fontSize: 9.5, margin: [0, 0, 0, 6] },
      small: { fontSize: 8, color: COLORS.muted },
      muted: { color: COLORS.muted, italics: true },
      chartTitle: { fontSize: 9.5, bold: true, color: COLORS.text, margin: [0, 4, 0, 2] },
    },
  };
}
