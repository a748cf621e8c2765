import type { ReportLanguage } from '../report-words';
import type { Text } from '@inps/kernel';
import type { ContentTable, CustomTableLayout, TableCell } from 'pdfmake/interfaces';
import { COLORS } from '../charts';
import { tr } from './labels';
import { LINE } from './layout';

/** The one table style of the report: header rule, thin row rules, figures right-aligned, hidden figures muted. */

const tableLayout: CustomTableLayout = {
  hLineWidth: (index, node) => (index === 0 || index === node.table.body.length ? 0 : index === 1 ? 0.8 : 0.4),
  vLineWidth: () => 0,
  hLineColor: (index) => (index === 1 ? COLORS.primary : LINE),
  paddingLeft: (index) => (index === 0 ? 2 : 5),
  paddingRight: () => 4,
  paddingTop: () => 2,
  paddingBottom: () => 2,
};

export interface TableColumn {
  readonly title: Text;
  readonly width: number | '*' | 'auto';
  readonly numeric?: boolean;
}

function headerCell(title: string, numeric: boolean): TableCell {
  return { text: title, style: 'th', alignment: numeric ? 'right' : 'left' };
}

export function figureCell(text: string, numeric = true, bold = false): TableCell {
  const hidden = text === '< 5' || text === 'n.d.';
  return { text, alignment: numeric ? 'right' : 'left', bold, color: hidden ? COLORS.muted : undefined, italics: hidden };
}

export function table(
  lang: ReportLanguage,
  columns: readonly TableColumn[],
  rows: readonly (readonly TableCell[])[],
  options: { totalRow?: boolean } = {},
): ContentTable {
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
