import path from 'node:path';

/**
 * The Noto fonts a printed document may need, one family per script, each as the files of its regular
 * and bold weights. They come from npm packages (OFL), so the image gets them with the other
 * production dependencies; the Dockerfile keeps only the files named here. The choice, and why
 * Chinese has no bold file, is in docs/decisions/0017-take-away-sheet.md.
 */

export type FontFamily = 'NotoSans' | 'NotoSansArabic' | 'NotoSansSC' | 'NotoSansBengali' | 'Roboto';

export interface FontFiles {
  readonly normal: string;
  readonly bold: string;
}

function fileOf(pkg: string, relative: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), relative);
}

export const FONT_FILES: Readonly<Record<FontFamily, FontFiles>> = {
  // Latin (every Italian, Romanian, Albanian, Spanish, French letter), Greek and Cyrillic (Ukrainian).
  NotoSans: {
    normal: fileOf('@expo-google-fonts/noto-sans', '400Regular/NotoSans_400Regular.ttf'),
    bold: fileOf('@expo-google-fonts/noto-sans', '700Bold/NotoSans_700Bold.ttf'),
  },
  NotoSansArabic: {
    normal: fileOf('@expo-google-fonts/noto-sans-arabic', '400Regular/NotoSansArabic_400Regular.ttf'),
    bold: fileOf('@expo-google-fonts/noto-sans-arabic', '700Bold/NotoSansArabic_700Bold.ttf'),
  },
  // 10 MB a weight: one weight only; headings in Chinese are set larger, not bolder.
  NotoSansSC: {
    normal: fileOf('@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf'),
    bold: fileOf('@expo-google-fonts/noto-sans-sc', '400Regular/NotoSansSC_400Regular.ttf'),
  },
  // Fontsource splits fonts by script; its Bengali file holds the Bengali letters, the shaping tables and the danda.
  NotoSansBengali: {
    normal: fileOf('@fontsource/noto-sans-bengali', 'files/noto-sans-bengali-bengali-400-normal.woff'),
    bold: fileOf('@fontsource/noto-sans-bengali', 'files/noto-sans-bengali-bengali-700-normal.woff'),
  },
  // The Noto Sans files above lack the comparison signs (≤ ≥ ≠) the explanations use; pdfmake's own Roboto has them.
  Roboto: {
    normal: fileOf('pdfmake', 'fonts/Roboto/Roboto-Regular.ttf'),
    bold: fileOf('pdfmake', 'fonts/Roboto/Roboto-Medium.ttf'),
  },
};

/** Every folder a font file is read from: what a renderer's local-file policy allows, and nothing else. */
export function fontFolders(): string[] {
  return [...new Set(Object.values(FONT_FILES).flatMap((f) => [path.dirname(f.normal), path.dirname(f.bold)]))];
}
