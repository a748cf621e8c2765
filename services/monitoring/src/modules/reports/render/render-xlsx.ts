import { textIn } from '@inps/kernel';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import { IndicatorUnit, SECTIONS } from '../../../domain/indicators';
import { formatChange, formatDateTime, LEVEL_LABELS, suppressedText, UI } from './format';
import { assertPartnerSafe } from './partner-view';
import { IndicatorFigures, isSuppressed, ReportNumber, ReportSnapshot } from './report-snapshot';
import { word, semesterLabel } from './report-words';

/**
 * The spreadsheet: an information sheet, the key figures, one sheet per section with every
 * indicator, its breakdowns and the previous semester, then territories, returns and notes.
 * Italian labels first, English in the next column, so that one file serves both readers and
 * numbers stay real numbers (with Excel number formats) for anyone who wants to compute.
 */

const BLUE = 'FF1F4E8C';
const LIGHT = 'FFE8EEF7';
const GREY = 'FF6B7280';

const FORMAT: Readonly<Record<IndicatorUnit, string>> = {
  count: '#,##0',
  share: '0.0%',
  days: '0.0',
};

/** A catalogue entry in Italian and English side by side ("Valore / Value"), once when both read the same. */
function both(key: string): string {
  const [it, en] = [word(key, 'it'), word(key, 'en')];
  return it === en ? it : `${it} / ${en}`;
}

/** Sheet names stay Italian: the workbook is one file for both readers, and a sheet name has room for one language. */
const italian = (key: string): string => word(key, 'it');
const english = (key: string): string => word(key, 'en');

function setNumber(cell: Cell, value: ReportNumber, format: string): void {
  if (value === null) {
    cell.value = null;
    return;
  }
  if (isSuppressed(value)) {
    cell.value = suppressedText(value.suppressed);
    cell.alignment = { horizontal: 'right' };
    cell.font = { italic: true, color: { argb: GREY } };
    return;
  }
  cell.value = value;
  cell.numFmt = format;
}

function header(sheet: Worksheet, columns: readonly { readonly title: string; readonly width: number }[]): void {
  sheet.columns = columns.map((column) => ({ header: column.title, width: column.width }));
  const row = sheet.getRow(1);
  row.font = { bold: true, color: { argb: 'FFFFFFFF' } };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BLUE } };
  row.alignment = { vertical: 'middle', wrapText: true };
  row.height = 30;
  sheet.views = [{ state: 'frozen', ySplit: 1, xSplit: 0 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
}

function sheetName(label: string): string {
  return label.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31);
}

function addInfoSheet(workbook: Workbook, snapshot: ReportSnapshot): void {
  const { meta } = snapshot;
  const sheet = workbook.addWorksheet(italian('xlsx.sheet.info'));
  header(sheet, [
    { title: italian('xlsx.item'), width: 28 },
    { title: english('xlsx.item'), width: 28 },
    { title: both('pdf.value'), width: 70 },
  ]);
  const rows: [string, string, string | number][] = [
    [italian('xlsx.programme'), english('xlsx.programme'), UI.programme.it],
    [italian('xlsx.report'), english('xlsx.report'), `${UI.reportTitle.it} / ${textIn(UI.reportTitle, 'en')}`],
    [italian('xlsx.semester'), english('xlsx.semester'), `${meta.semester} (${semesterLabel(meta.semester, 'it')} / ${semesterLabel(meta.semester, 'en')})`],
    [italian('ui.period'), english('ui.period'), `${meta.period.from} – ${meta.period.to}`],
    [italian('ui.territory'), english('ui.territory'), meta.scope.name],
    [italian('xlsx.level'), english('xlsx.level'), `${LEVEL_LABELS[meta.scope.level].it} / ${textIn(LEVEL_LABELS[meta.scope.level], 'en')}`],
    [italian('xlsx.istatCode'), english('xlsx.istatCode'), meta.scope.istatCode ?? '—'],
    [italian('ui.version'), english('ui.version'), meta.version],
    [italian('ui.generated'), english('ui.generated'), `${formatDateTime(meta.generatedAt, 'it')} (${meta.generatedAt})`],
    [italian('ui.ruleSets'), english('ui.ruleSets'), meta.ruleSetIds.join(', ')],
    [italian('xlsx.comparedWith'), english('xlsx.comparedWith'), meta.previousSemester],
    [italian('pdf.partnerEdition'), english('pdf.partnerEdition'), both(meta.partnerView ? 'xlsx.yes' : 'xlsx.no')],
    [
      italian('xlsx.notice'),
      english('xlsx.notice'),
      meta.partnerView ? `${UI.partnerNotice.it}\n${textIn(UI.partnerNotice, 'en')}` : `${UI.internalNotice.it}\n${textIn(UI.internalNotice, 'en')}`,
    ],
  ];
  for (const values of rows) {
    const row = sheet.addRow(values);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(1).font = { bold: true };
  }
}

function addKeyFigures(workbook: Workbook, snapshot: ReportSnapshot): void {
  const sheet = workbook.addWorksheet(italian('pdf.summary'));
  header(sheet, [
    { title: italian('pdf.indicator'), width: 48 },
    { title: english('pdf.indicator'), width: 48 },
    { title: both('pdf.value'), width: 14 },
    { title: `${snapshot.meta.previousSemester}`, width: 14 },
    { title: both('pdf.change'), width: 18 },
  ]);
  for (const figure of snapshot.keyFigures) {
    const row = sheet.addRow([figure.label.it, textIn(figure.label, 'en')]);
    setNumber(row.getCell(3), figure.value, FORMAT[figure.unit]);
    setNumber(row.getCell(4), figure.previous, FORMAT[figure.unit]);
    row.getCell(5).value = formatChange(figure.change, figure.unit, 'it').text;
    row.getCell(5).alignment = { horizontal: 'right' };
  }
}

function addIndicatorRows(sheet: Worksheet, indicator: IndicatorFigures, previousSemester: string): void {
  const format = FORMAT[indicator.unit];
  const put = (values: (string | null)[], numerator: ReportNumber, denominator: ReportNumber, value: ReportNumber): ReturnType<Worksheet['addRow']> => {
    const row = sheet.addRow([...values]);
    setNumber(row.getCell(8), numerator, FORMAT.count);
    setNumber(row.getCell(9), denominator, FORMAT.count);
    setNumber(row.getCell(10), value, format);
    row.getCell(11).value = both(`xlsx.unit.${indicator.unit}`);
    return row;
  };
  const total = put(
    [indicator.label.it, textIn(indicator.label, 'en'), italian('ui.total'), english('ui.total'), '', '', ''],
    indicator.numerator,
    indicator.denominator,
    indicator.value,
  );
  total.font = { bold: true };
  total.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: LIGHT } };
  for (const breakdown of indicator.breakdowns) {
    for (const figures of breakdown.categories) {
      put(
        [
          indicator.label.it,
          textIn(indicator.label, 'en'),
          breakdown.label.it,
          textIn(breakdown.label, 'en'),
          figures.category,
          figures.label.it,
          textIn(figures.label, 'en'),
        ],
        figures.numerator,
        figures.denominator,
        figures.value,
      );
    }
  }
  if (indicator.previous) {
    const row = put(
      [
        indicator.label.it,
        textIn(indicator.label, 'en'),
        italian('xlsx.previousSemester'),
        english('xlsx.previousSemester'),
        previousSemester,
        previousSemester,
        previousSemester,
      ],
      indicator.previous.numerator,
      indicator.previous.denominator,
      indicator.previous.value,
    );
    row.font = { italic: true, color: { argb: GREY } };
  }
}

function addSectionSheets(workbook: Workbook, snapshot: ReportSnapshot): void {
  for (const section of SECTIONS) {
    const indicators = snapshot.indicators.filter((indicator) => indicator.section === section.id);
    if (indicators.length === 0) continue;
    const sheet = workbook.addWorksheet(sheetName(italian(`section.${section.id}`)));
    header(sheet, [
      { title: italian('pdf.indicator'), width: 44 },
      { title: english('pdf.indicator'), width: 44 },
      { title: italian('xlsx.breakdown'), width: 18 },
      { title: english('xlsx.breakdown'), width: 18 },
      { title: both('xlsx.code'), width: 16 },
      { title: italian('pdf.category'), width: 30 },
      { title: english('pdf.category'), width: 30 },
      { title: both('pdf.numerator'), width: 14 },
      { title: both('pdf.denominator'), width: 14 },
      { title: both('pdf.value'), width: 12 },
      { title: both('xlsx.unit'), width: 20 },
    ]);
    for (const indicator of indicators) addIndicatorRows(sheet, indicator, snapshot.meta.previousSemester);
  }
}

function addTerritories(workbook: Workbook, snapshot: ReportSnapshot): void {
  if (snapshot.territories.length === 0) return;
  const sheet = workbook.addWorksheet(italian('xlsx.sheet.territories'));
  header(sheet, [
    { title: both('xlsx.istatCode'), width: 14 },
    { title: both('ui.territory'), width: 38 },
    { title: both('pdf.screenings'), width: 16 },
    { title: both('pdf.contacted'), width: 16 },
    { title: both('pdf.taken'), width: 18 },
    { title: both('pdf.rate'), width: 12 },
  ]);
  for (const territory of snapshot.territories) {
    const row = sheet.addRow([territory.istatCode, territory.name]);
    setNumber(row.getCell(3), territory.screenings, FORMAT.count);
    setNumber(row.getCell(4), territory.contacted, FORMAT.count);
    setNumber(row.getCell(5), territory.takenInCharge, FORMAT.count);
    setNumber(row.getCell(6), territory.takeInChargeRate, FORMAT.share);
  }
}

function addReturns(workbook: Workbook, snapshot: ReportSnapshot): void {
  if (!snapshot.returns) return;
  const sheet = workbook.addWorksheet(italian('xlsx.sheet.returns'));
  header(sheet, [
    { title: both('xlsx.istatCode'), width: 14 },
    { title: both('ui.territory'), width: 38 },
    { title: both('pdf.expected'), width: 12 },
    { title: both('pdf.received'), width: 12 },
    { title: both('pdf.onTime'), width: 12 },
    { title: both('pdf.completeness'), width: 16 },
    { title: both('pdf.timeliness'), width: 16 },
  ]);
  for (const item of [...snapshot.returns.byTerritory, snapshot.returns.total]) {
    const row = sheet.addRow([item.istatCode ?? '', item === snapshot.returns.total ? `${both('ui.total')} – ${item.name}` : item.name]);
    setNumber(row.getCell(3), item.expected, FORMAT.count);
    setNumber(row.getCell(4), item.received, FORMAT.count);
    setNumber(row.getCell(5), item.onTime, FORMAT.count);
    setNumber(row.getCell(6), item.completeness, FORMAT.share);
    setNumber(row.getCell(7), item.timeliness, FORMAT.share);
    if (item === snapshot.returns.total) row.font = { bold: true };
  }
}

function addNotes(workbook: Workbook, snapshot: ReportSnapshot): void {
  const sheet = workbook.addWorksheet(italian('xlsx.sheet.notes'));
  header(sheet, [
    { title: both('xlsx.ruleSet'), width: 12 },
    { title: both('pdf.benefit'), width: 28 },
    { title: both('pdf.parameter'), width: 36 },
    { title: both('pdf.value'), width: 12 },
    { title: both('xlsx.unit'), width: 12 },
    { title: italian('pdf.note'), width: 60 },
    { title: english('pdf.note'), width: 60 },
  ]);
  for (const note of snapshot.parameterNotes) {
    const row = sheet.addRow([note.ruleSetId, note.benefitId, note.parameter, note.value, note.unit, note.note.it, textIn(note.note, 'en')]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(4).numFmt = Number.isInteger(note.value) ? '#,##0' : '#,##0.00';
  }
}

export async function renderXlsx(snapshot: ReportSnapshot): Promise<Buffer> {
  assertPartnerSafe(snapshot);
  // Loaded on the first workbook, not with the module: the monitoring API imports this folder for its
  // snapshots and never writes a workbook, so exceljs (about 170 modules) stays out of its memory.
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  const generated = new Date(snapshot.meta.generatedAt);
  workbook.creator = italian('xlsx.creator');
  workbook.created = generated;
  workbook.modified = generated;
  workbook.title = `${UI.reportTitle.it} ${snapshot.meta.semester} – ${snapshot.meta.scope.name}`;
  addInfoSheet(workbook, snapshot);
  addKeyFigures(workbook, snapshot);
  addSectionSheets(workbook, snapshot);
  addTerritories(workbook, snapshot);
  addReturns(workbook, snapshot);
  addNotes(workbook, snapshot);
  const buffer = await workbook.xlsx.writeBuffer();
  return Buffer.from(buffer);
}
