import type { Language } from '@inps/kernel';
import type { Content, TableCell } from 'pdfmake/interfaces';
import { semesterLabel } from '../../../../domain/semester';
import { COLORS } from '../charts';
import { formatDate, formatDateTime, LEVEL_LABELS, ui } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { t, TEXT, tr } from './labels';

/** The title page: programme, report, scope, period, version, and which edition this is. */

export function titlePage(snapshot: ReportSnapshot, lang: Language): Content[] {
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
      text: tr(t('Monitoraggio semestrale del programma', "The programme's semiannual monitoring"), lang),
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
      text:
        lang === 'it'
          ? 'INPS per tutti porta le prestazioni dell’Istituto alle persone in povertà che difficilmente arrivano agli sportelli: con Comuni, ANCI, Caritas, Comunità di Sant’Egidio e altre realtà del terzo settore, gli operatori incontrano le persone nelle mense, nelle stazioni, nei dormitori e con le unità mobili, verificano con un questionario anonimo le prestazioni a cui probabilmente hanno diritto e le aiutano a ottenerle. Ogni sei mesi i partner rendicontano le persone prese in carico, i bisogni rilevati e gli esiti; questo rapporto ne raccoglie i risultati.'
          : 'INPS per tutti takes the Institute’s benefits to people in poverty who seldom reach its offices: with municipalities, ANCI, Caritas, the Community of Sant’Egidio and other third-sector bodies, operators meet people at soup kitchens, stations, shelters and mobile units, check with an anonymous questionnaire which benefits they are probably entitled to, and help them get them. Every six months the partners report on the people taken in charge, the needs found and the outcomes; this report brings the results together.',
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
