import { type ReportLanguage, semesterLabel } from './report-words';

import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { COLORS } from './charts';
import { formatDate, ui } from './format';
import { activitySection } from './pdf/activity';
import { appendix } from './pdf/appendix';
import { applicationsSection } from './pdf/applications';
import type { ChartSvgs } from './pdf/chart';
import { titlePage } from './pdf/cover';
import { TEXT, tr } from './pdf/labels';
import { MARGIN_X, PAGE_WIDTH, UP } from './pdf/layout';
import { methodSection } from './pdf/method';
import { needsSection } from './pdf/needs';
import { parametersSection } from './pdf/parameters';
import { peopleSection } from './pdf/people';
import { returnsSection } from './pdf/returns';
import { screeningSection } from './pdf/screening';
import { summarySection } from './pdf/summary';
import type { ReportSnapshot } from './report-snapshot';

/**
 * The PDF as a pdfmake document definition: a pure function of the snapshot, the language and
 * the chart SVGs, so that its text can be tested without rendering. This file holds the document
 * (metadata, page frame, styles, the order of the sections); each section is built in `pdf/`.
 */

export type { ChartSvgs };

export function buildPdfDefinition(snapshot: ReportSnapshot, lang: ReportLanguage, charts: ChartSvgs | null): TDocumentDefinitions {
  const { meta } = snapshot;
  const shortTitle = `${ui('programme', lang)} · ${ui('reportTitle', lang)} ${meta.semester} · ${meta.scope.name}`;
  const edition = meta.partnerView ? tr(TEXT.partnerEdition, lang) : tr(TEXT.internalEdition, lang);
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN_X, 56, MARGIN_X, 50],
    info: {
      title: `${ui('reportTitle', lang)} ${meta.semester} – ${meta.scope.name}`,
      author: ui('directorate', lang),
      subject: `${ui('programme', lang)} – ${semesterLabel(meta.semester, lang)}`,
      creator: 'INPS per tutti – monitoring service',
      producer: 'pdfmake',
      creationDate: new Date(meta.generatedAt),
      modDate: new Date(meta.generatedAt),
    },
    background: (currentPage) =>
      currentPage === 1
        ? {
            stack: [
              { canvas: [{ type: 'rect', x: 0, y: 0, w: PAGE_WIDTH, h: 330, color: COLORS.primary }] },
              { text: ui('directorate', lang), fontSize: 9, color: COLORS.muted, absolutePosition: { x: MARGIN_X, y: 792 } },
            ],
          }
        : null,
    header: (currentPage) =>
      currentPage === 1
        ? null
        : {
            columns: [
              { text: shortTitle, fontSize: 7.5, color: COLORS.muted },
              { text: edition, fontSize: 7.5, color: meta.partnerView ? UP : COLORS.accent, alignment: 'right', width: 'auto' },
            ],
            margin: [MARGIN_X, 24, MARGIN_X, 0],
          },
    footer: (currentPage, pageCount) =>
      currentPage === 1
        ? null
        : {
            columns: [
              {
                text: `${ui('directorate', lang)} · ${ui('version', lang)} ${meta.version} · ${formatDate(meta.generatedAt, lang)}`,
                fontSize: 7.5,
                color: COLORS.muted,
              },
              {
                text: `${ui('page', lang)} ${currentPage} ${ui('of', lang)} ${pageCount}`,
                fontSize: 7.5,
                color: COLORS.muted,
                alignment: 'right',
                width: 'auto',
              },
            ],
            margin: [MARGIN_X, 16, MARGIN_X, 0],
          },
    pageBreakBefore: (currentNode, nodes) =>
      // A flowing heading never ends a page.
      (currentNode.headlineLevel === 1 || currentNode.headlineLevel === 2) && nodes.getFollowingNodesOnPage().length < 2,
    content: [
      ...titlePage(snapshot, lang),
      ...summarySection(snapshot, lang),
      ...screeningSection(snapshot, lang, charts),
      ...peopleSection(snapshot, lang, charts),
      ...needsSection(snapshot, lang, charts),
      ...applicationsSection(snapshot, lang, charts),
      ...activitySection(snapshot, lang),
      ...returnsSection(snapshot, lang),
      ...parametersSection(snapshot, lang),
      ...methodSection(snapshot, lang),
      ...appendix(snapshot, lang),
    ],
    defaultStyle: { font: 'Roboto', fontSize: 9, color: COLORS.text, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, color: COLORS.primary, margin: [0, 0, 0, 8] },
      flowing: { margin: [0, 16, 0, 8] },
      h2: { fontSize: 11.5, bold: true, color: COLORS.primary, margin: [0, 12, 0, 5] },
      h3: { fontSize: 9.5, bold: true, color: COLORS.text, margin: [0, 0, 0, 3] },
      th: { bold: true, fontSize: 8, color: COLORS.primary },
      table: { fontSize: 8.5, margin: [0, 2, 0, 8] },
      body: { fontSize: 9.5, margin: [0, 0, 0, 6] },
      small: { fontSize: 8, color: COLORS.muted },
      muted: { color: COLORS.muted, italics: true },
      chartTitle: { fontSize: 9.5, bold: true, color: COLORS.text, margin: [0, 4, 0, 2] },
    },
  };
}
