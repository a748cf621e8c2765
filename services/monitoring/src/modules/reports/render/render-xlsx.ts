import { type Text, textIn } from '@inps/kernel';
import { Cell, Workbook, Worksheet } from 'exceljs';
import { IndicatorUnit, SECTIONS } from '../../../domain/indicators';
import { semesterLabel } from '../../../domain/semester';
import { formatChange, formatDateTime, LEVEL_LABELS, suppressedText, UI } from './format';
import { assertPartnerSafe } from './partner-view';
import { IndicatorFigures, isSuppressed, ReportNumber, ReportSnapshot } from './report-snapshot';

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

const UNIT_LABEL: Readonly<Record<IndicatorUnit, Text>> = {
  count: { it: 'numero', en: 'count' },
  share: { it: 'quota', en: 'share' },
  days: { it: 'giorni (mediana)', en: 'days (median)' },
};

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
  const sheet = workbook.addWorksheet('Informazioni');
  header(sheet, [
    { title: 'Voce', width: 28 },
    { title: 'Item', width: 28 },
    { title: 'Valore / Value', width: 70 },
  ]);
  const rows: [string, string, string | number][] = [
    ['Programma', 'Programme', UI.programme.it],
    ['Rapporto', 'Report', `${UI.reportTitle.it} / ${textIn(UI.reportTitle, 'en')}`],
    ['Semestre', 'Semester', `${meta.semester} (${semesterLabel(meta.semester, 'it')} / ${semesterLabel(meta.semester, 'en')})`],
    ['Periodo', 'Period', `${meta.period.from} – ${meta.period.to}`],
    ['Territorio', 'Territory', meta.scope.name],
    ['Livello', 'Level', `${LEVEL_LABELS[meta.scope.level].it} / ${textIn(LEVEL_LABELS[meta.scope.level], 'en')}`],
    ['Codice ISTAT', 'ISTAT code', meta.scope.istatCode ?? '—'],
    ['Versione', 'Version', meta.version],
    ['Generato il', 'Generated on', `${formatDateTime(meta.generatedAt, 'it')} (${meta.generatedAt})`],
    ['Regole di screening', 'Screening rule sets', meta.ruleSetIds.join(', ')],
    ['Semestre di confronto', 'Compared with', meta.previousSemester],
    ['Versione per i partner', 'Partner version', meta.partnerView ? 'Sì / Yes' : 'No'],
    [
      'Avvertenza',
      'Notice',
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
  const sheet = workbook.addWorksheet('Sintesi');
  header(sheet, [
    { title: 'Indicatore', width: 48 },
    { title: 'Indicator', width: 48 },
    { title: 'Valore / Value', width: 14 },
    { title: `${snapshot.meta.previousSemester}`, width: 14 },
    { title: 'Variazione / Change', width: 18 },
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
    row.getCell(11).value = `${UNIT_LABEL[indicator.unit].it} / ${textIn(UNIT_LABEL[indicator.unit], 'en')}`;
    return row;
  };
  const total = put(
    [indicator.label.it, textIn(indicator.label, 'en'), 'Totale', 'Total', '', '', ''],
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
      [indicator.label.it, textIn(indicator.label, 'en'), 'Semestre precedente', 'Previous semester', previousSemester, previousSemester, previousSemester],
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
    const sheet = workbook.addWorksheet(sheetName(section.label.it));
    header(sheet, [
      { title: 'Indicatore', width: 44 },
      { title: 'Indicator', width: 44 },
      { title: 'Disaggregazione', width: 18 },
      { title: 'Breakdown', width: 18 },
      { title: 'Codice / Code', width: 16 },
      { title: 'Categoria', width: 30 },
      { title: 'Category', width: 30 },
      { title: 'Numeratore / Numerator', width: 14 },
      { title: 'Denominatore / Denominator', width: 14 },
      { title: 'Valore / Value', width: 12 },
      { title: 'Unità / Unit', width: 20 },
    ]);
    for (const indicator of indicators) addIndicatorRows(sheet, indicator, snapshot.meta.previousSemester);
  }
}

function addTerritories(workbook: Workbook, snapshot: ReportSnapshot): void {
  if (snapshot.territories.length === 0) return;
  const sheet = workbook.addWorksheet('Territori');
  header(sheet, [
    { title: 'Codice ISTAT / ISTAT code', width: 14 },
    { title: 'Territorio / Territory', width: 38 },
    { title: 'Questionari / Screenings', width: 16 },
    { title: 'Contattate / Contacted', width: 16 },
    { title: 'Prese in carico / Taken in charge', width: 18 },
    { title: 'Tasso / Rate', width: 12 },
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
  const sheet = workbook.addWorksheet('Rendicontazioni');
  header(sheet, [
    { title: 'Codice ISTAT / ISTAT code', width: 14 },
    { title: 'Territorio / Territory', width: 38 },
    { title: 'Attese / Expected', width: 12 },
    { title: 'Ricevute / Received', width: 12 },
    { title: 'In tempo / On time', width: 12 },
    { title: 'Completezza / Completeness', width: 16 },
    { title: 'Tempestività / Timeliness', width: 16 },
  ]);
  for (const item of [...snapshot.returns.byTerritory, snapshot.returns.total]) {
    const row = sheet.addRow([item.istatCode ?? '', item === snapshot.returns.total ? `Totale / Total – ${item.name}` : item.name]);
    setNumber(row.getCell(3), item.expected, FORMAT.count);
    setNumber(row.getCell(4), item.received, FORMAT.count);
    setNumber(row.getCell(5), item.onTime, FORMAT.count);
    setNumber(row.getCell(6), item.completeness, FORMAT.share);
    setNumber(row.getCell(7), item.timeliness, FORMAT.share);
    if (item === snapshot.returns.total) row.font = { bold: true };
  }
}

function addNotes(workbook: Workbook, snapshot: ReportSnapshot): void {
  const sheet = workbook.addWorksheet('Note');
  header(sheet, [
    { title: 'Regole / Rule set', width: 12 },
    { title: 'Prestazione / Benefit', width: 28 },
    { title: 'Parametro / Parameter', width: 36 },
    { title: 'Valore / Value', width: 12 },
    { title: 'Unità / Unit', width: 12 },
    { title: 'Nota', width: 60 },
    { title: 'Note', width: 60 },
  ]);
  for (const note of snapshot.parameterNotes) {
    const row = sheet.addRow([note.ruleSetId, note.benefitId, note.parameter, note.value, note.unit, note.note.it, textIn(note.note, 'en')]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(4).numFmt = Number.isInteger(note.value) ? '#,##0' : '#,##0.00';
  }
}

export async function renderXlsx(snapshot: ReportSnapshot): Promise<Buffer> {
  assertPartnerSafe(snapshot);
  const workbook = new Workbook();
  const generated = new Date(snapshot.meta.generatedAt);
  workbook.creator = 'INPS per tutti – monitoraggio';
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
