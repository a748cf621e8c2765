import type { FontFamily } from '@inps/fonts';
import pdfmake from 'pdfmake';
import type { TFontDictionary } from 'pdfmake/interfaces';
import type { SheetContent } from '../sheet-content';
import { buildSheetDefinition } from './sheet-definition';
import { drawLinesJoined } from './merged-inlines';
import { fonts, SCRIPT_FAMILY } from './sheet-fonts';

/**
 * pdfmake on the server, as monitoring's report uses it, but with no file access at all: the fonts
 * are handed over from memory (pdfmake's virtual file system), URLs are refused and every local read
 * is refused, so nothing a text contains can make the renderer read a file or call out.
 */

interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
  existsSync(name: string): boolean;
}
const virtualfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;
drawLinesJoined();

/** The families a sheet in this language may use: its script's, Noto Sans (Latin, figures, the Italian) and Roboto (signs). */
function familiesFor(sheet: SheetContent): FontFamily[] {
  return [...new Set<FontFamily>(['NotoSans', 'Roboto', SCRIPT_FAMILY[sheet.language]])];
}

function fontTable(families: readonly FontFamily[]): TFontDictionary {
  const table: TFontDictionary = {};
  for (const family of families) {
    const names = (['normal', 'bold'] as const).map((weight) => {
      const name = fonts.virtualName(family, weight);
      if (!virtualfs.existsSync(name)) virtualfs.writeFileSync(name, fonts.get(family, weight).bytes);
      return name;
    });
    table[family] = { normal: names[0], bold: names[1], italics: names[0], bolditalics: names[1] };
  }
  return table;
}

/**
 * One sheet at a time, in the order asked. Rendering is CPU work on the one event loop: interleaving
 * twenty documents makes all twenty finish late and holds all twenty in memory at once; in a queue
 * the first is ready after one render time, the last no later than before.
 */
let queue: Promise<unknown> = Promise.resolve();

export function renderSheet(sheet: SheetContent): Promise<Buffer> {
  const rendered = queue.then(() => render(sheet));
  queue = rendered.catch(() => undefined);
  return rendered;
}

async function render(sheet: SheetContent): Promise<Buffer> {
  const definition = buildSheetDefinition(sheet);
  // pdfmake reads its settings when createPdf is called: set them right before, with no await between.
  pdfmake.setFonts(fontTable(familiesFor(sheet)));
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy(() => false);
  return pdfmake.createPdf(definition).getBuffer();
}
