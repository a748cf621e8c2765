import { wordText, word, type ReportLanguage, semesterLabel } from '../report-words';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { COLORS } from '../charts';
import { formatDate, formatDateTime, LEVEL_LABELS, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT, tr } from './labels';

/** The title page: programme, report, scope, period, version, and which edition this is. */

export function titlePage(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  const { meta } = snapshot;
  const level = LEVEL_LABELS[meta.scope.level][lang];
  const territory = meta.scope.istatCode ? `${meta.scope.name} (${level}, ${tr(TEXT.istat, lang)} ${meta.scope.istatCode})` : `${meta.scope.name} (${level})`;
  const detail = (label: string, value: string): TableCell[] => [
    { text: label, color: COLORS.muted, fontSize: 9.5 },
    { text: value, fontSize: 10.5 },
  ];
  return [
    { text: ui('programme', lang), fontSize: 34, bold: true, color: '#FFFFFF', margin: [0, 36, 0, 0] },
    {
      text: tr(wordText('pdf.coverSubtitle'), lang),
      fontSize: 12,
      color: '#DCE7F5',
      margin: [0, 2, 0, 46],
    },
    { text: ui('reportTitle', lang), fontSize: 24, bold: true, color: '#FFFFFF' },
    {
      text: `${semesterLabel(meta.semester, lang)} · ${meta.scope.name}`,
      fontSize: 16,
      color: '#FFFFFF',
      margin: [0, 4, 0, 0],
    },
    {
      table: {
        widths: [120, '*'],
        body: [
          detail(ui('territory', lang), territory),
          detail(ui('period', lang), `${formatDate(meta.period.from, lang)} – ${formatDate(meta.period.to, lang)} (${meta.semester})`),
          detail(tr(TEXT.comparedWith, lang), `${semesterLabel(meta.previousSemester, lang)} (${meta.previousSemester})`),
          detail(ui('version', lang), String(meta.version)),
          detail(ui('generated', lang), formatDateTime(meta.generatedAt, lang)),
          detail(ui('ruleSets', lang), meta.ruleSetIds.join(', ')),
        ],
      },
      layout: 'noBorders',
      margin: [0, 120, 0, 18],
    },
    {
      text: word('pdf.coverAbout', lang),
      fontSize: 9,
      color: COLORS.text,
      margin: [0, 0, 0, 14],
      lineHeight: 1.3,
    },
    {
      table: {
        widths: ['*'],
        body: [
          [
            {
              stack: [
                { text: tr(meta.partnerView ? TEXT.partnerEdition : TEXT.internalEdition, lang), bold: true, margin: [0, 0, 0, 2] },
                { text: ui(meta.partnerView ? 'partnerNotice' : 'internalNotice', lang) },
              ],
              fillColor: meta.partnerView ? '#EAF4EA' : '#FFF4E5',
              margin: [8, 6, 8, 6],
              fontSize: 9,
            },
          ],
        ],
      },
      layout: 'noBorders',
    },
  ];
}
