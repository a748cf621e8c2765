import fc from 'fast-check';
import { parseCsv, parseCsvRecords, writeCsv } from '../csv.codec';

describe('csv codec', () => {
  it('reads quotes, doubled quotes, commas and both line ends', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,,"x\ny"\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '', 'x\ny'],
    ]);
    expect(parseCsv('\uFEFFh\nv')).toEqual([['h'], ['v']]);
    expect(() => parseCsv('"open')).toThrow(SyntaxError);
  });

  it('reports rows with the wrong number of fields', () => {
    const { records, problems } = parseCsvRecords('a,b\n1,2\n3\n');
    expect(records).toEqual([{ a: '1', b: '2' }]);
    expect(problems).toEqual(['line 3: 1 fields, expected 2']);
  });

  it('reads back whatever it writes', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string(), { minLength: 2, maxLength: 2 }), { maxLength: 10 }), (rows) => {
        const text = writeCsv(['x', 'y'], rows);
        expect(parseCsv(text)).toEqual([['x', 'y'], ...rows].filter((r) => !(r.length === 1 && r[0] === '')));
      }),
    );
  });
});
