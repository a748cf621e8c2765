import { CSV_HEADER, guardFormula, renderCsv } from './render-csv';
import { toPartnerView } from './partner-view';
import { isSuppressed, ReportNumber } from './report-snapshot';
import { sampleSnapshot } from './sample-snapshot';

describe('renderCsv', () => {
  const snapshot = sampleSnapshot();
  const csv = renderCsv(snapshot);
  const rows = parseCsv(csv);

  it('is UTF-8 with a BOM, CRLF lines and the long-table header', () => {
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n').every((line) => !line.includes('\n'))).toBe(true);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows.every((r) => r.length === CSV_HEADER.length)).toBe(true);
  });

  it('parsed back gives the same numbers as the snapshot', () => {
    const asText = (value: ReportNumber): string => (value === null ? '' : isSuppressed(value) ? '?' : String(value));
    const expected: string[][] = [];
    for (const r of snapshot.indicators) {
      expected.push([r.section, r.indicatorId, '', '', asText(r.numerator), asText(r.denominator), asText(r.value)]);
      for (const b of r.breakdowns) {
        for (const c of b.categories)
          expected.push([r.section, r.indicatorId, b.breakdown, c.category, asText(c.numerator), asText(c.denominator), asText(c.value)]);
      }
      if (r.previous)
        expected.push([r.section, r.indicatorId, 'previous', '2025S2', asText(r.previous.numerator), asText(r.previous.denominator), asText(r.previous.value)]);
    }
    expect(rows.slice(1)).toEqual(expected);
    const rate = rows.find((r) => r[1] === 'takenInCharge.rate' && r[2] === '');
    expect(rate?.slice(4).map(Number)).toEqual([1127, 2412, 0.4672]);
  });

  it('is byte-identical for the same snapshot', () => {
    expect(renderCsv(sampleSnapshot())).toBe(csv);
  });

  it('writes "< 5" and "n.d." in the partner view and no small count', () => {
    const partner = parseCsv(renderCsv(toPartnerView(snapshot)));
    const rieti = partner.find((r) => r[1] === 'takenInCharge.new' && r[2] === 'territory' && r[3] === '057');
    expect(rieti?.slice(4)).toEqual(['< 5', '', '< 5']);
    const rate = partner.find((r) => r[1] === 'takenInCharge.rate' && r[2] === 'territory' && r[3] === '057');
    expect(rate?.[6]).toBe('n.d.');
    expect(partner.some((r) => r[0] === 'governance')).toBe(false);
  });

  it('guards text against formula injection and quotes what needs quoting', () => {
    expect(guardFormula('=HYPERLINK("x")')).toBe('\'=HYPERLINK("x")');
    expect(guardFormula('+39')).toBe("'+39");
    expect(guardFormula('-1')).toBe("'-1");
    expect(guardFormula('@SUM')).toBe("'@SUM");
    expect(guardFormula('Roma')).toBe('Roma');
    const evil = sampleSnapshot();
    const tampered = {
      ...evil,
      indicators: evil.indicators.map((r, i) =>
        i === 0 ? { ...r, breakdowns: [{ ...r.breakdowns[0], categories: [{ ...r.breakdowns[0].categories[0], category: '=cmd|"/c calc"!A1,x' }] }] } : r,
      ),
    };
    const line = renderCsv(tampered).split('\r\n')[2];
    expect(line).toContain('"\'=cmd|""/c calc""!A1,x"');
    expect(parseCsv(renderCsv(tampered))[2][3]).toBe('\'=cmd|"/c calc"!A1,x');
  });
});

/** RFC 4180 reader, enough to read back what renderCsv writes. */
function parseCsv(text: string): string[][] {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < input.length; index += 1) {
    const char = input[index];
    if (quoted) {
      if (char === '"' && input[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\r' && input[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
