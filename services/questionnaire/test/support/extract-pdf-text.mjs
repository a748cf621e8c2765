// Prints the text of a PDF, page by page, as pdf.js extracts it: `node extract-pdf-text.mjs file.pdf`.
// A separate process because pdf.js is published only as ES modules, which Jest's CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(process.argv[2])), disableFontFace: true, verbosity: 0 }).promise;
let out = '';
for (let i = 1; i <= doc.numPages; i++) {
  const content = await (await doc.getPage(i)).getTextContent();
  out += content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('') + '\n';
}
process.stdout.write(out);
