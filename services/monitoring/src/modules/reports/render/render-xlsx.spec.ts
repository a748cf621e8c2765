import { Workbook } from 'exceljs';
import { toPartnerView } from './partner-view';
import { renderXlsx } from './render-xlsx';
import { sampleSnapshot } from './sample-snapshot';

async function read(buffer: Buffer): Promise<Workbook> {
  const workbook = new Workbook();
  // exceljs's own Buffer type differs from Node's; the bytes are what matters.
  await workbook.xlsx.load(buffer as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  return workbook;
}

describe('renderXlsx', () => {
  it('writes the sheets, headers, frozen header row and real numbers with formats', async () => {
    const buffer = await renderXlsx(sampleSnapshot());
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    const workbook = await read(buffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual([
      'Informazioni',
      'Sintesi',
      'Attività sul territorio',
      'Questionari (screening)',
      'Persone prese in carico',
      'Bisogni rilevati',
      'Aiuti forniti',
      'Efficacia',
      'Governance',
      'Qualità dei dati',
      'Territori',
      'Rendicontazioni',
      'Note',
    ]);

    const taken = workbook.getWorksheet('Persone prese in carico');
    expect(taken?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(taken?.getRow(1).getCell(1).value).toBe('Indicatore');
    expect(taken?.getRow(1).getCell(2).value).toBe('Indicator');
    const totalRow = taken?.getRow(2);
    expect(totalRow?.getCell(1).value).toBe('Nuove persone prese in carico nel semestre');
    expect(totalRow?.getCell(2).value).toBe('People newly taken in charge in the semester');
    expect(totalRow?.getCell(10).value).toBe(1127);
    expect(totalRow?.getCell(10).numFmt).toBe('#,##0');

    const rate = taken
      ?.getRows(2, taken.rowCount - 1)
      ?.find((row) => row.getCell(1).value === 'Tasso di presa in carico (prese in carico / contattate)' && row.getCell(3).value === 'Totale');
    expect(rate?.getCell(8).value).toBe(1127);
    expect(rate?.getCell(9).value).toBe(2412);
    expect(rate?.getCell(10).value).toBe(0.4672);
    expect(rate?.getCell(10).numFmt).toBe('0.0%');

    const territories = workbook.getWorksheet('Territori');
    const rieti = territories?.getRows(2, territories.rowCount - 1)?.find((row) => row.getCell(1).value === '057');
    expect(rieti?.getCell(5).value).toBe(3);

    const info = workbook.getWorksheet('Informazioni');
    expect(info?.getRow(6).getCell(1).value).toBe('Territorio');
    expect(info?.getRow(6).getCell(3).value).toBe('Lazio');
  });

  it('writes suppressed cells as text and leaves internal sheets out for partners', async () => {
    const workbook = await read(await renderXlsx(toPartnerView(sampleSnapshot())));
    expect(workbook.worksheets.map((sheet) => sheet.name)).not.toContain('Governance');
    const territories = workbook.getWorksheet('Territori');
    const rieti = territories?.getRows(2, territories.rowCount - 1)?.find((row) => row.getCell(1).value === '057');
    expect(rieti?.getCell(5).value).toBe('< 5');
    expect(rieti?.getCell(6).value).toBe('n.d.');
  });
});
