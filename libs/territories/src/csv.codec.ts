/**
 * The small part of RFC 4180 the reference data needs: comma separator, optional double quotes,
 * doubled quotes inside, CRLF or LF line ends. Hand-rolled because the data is committed and
 * diffed line by line, and one parser fewer to install.
 */

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  while (i < source.length) {
    const c = source[i];
    if (quoted) {
      if (c === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field.length === 0) {
      quoted = true;
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && source[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw new SyntaxError('CSV ends inside a quoted field');
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Rows as records keyed by the header row; rows with the wrong number of fields are reported. */
export function parseCsvRecords(text: string): { header: string[]; records: Record<string, string>[]; problems: string[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { header: [], records: [], problems: ['empty file'] };
  const problems: string[] = [];
  const records: Record<string, string>[] = [];
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      problems.push(`line ${i + 2}: ${r.length} fields, expected ${header.length}`);
      return;
    }
    const record: Record<string, string> = {};
    header.forEach((h, j) => (record[h] = r[j]));
    records.push(record);
  });
  return { header, records, problems };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n';
}
