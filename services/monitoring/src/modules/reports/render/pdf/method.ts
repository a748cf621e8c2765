import type { ReportLanguage } from '../report-words';

import type { Content } from 'pdfmake/interfaces';
import { semesterLabel } from '../../../../domain/semester';
import { formatDate } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT } from './labels';
import { heading } from './layout';

export function methodSection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  const items =
    lang === 'it'
      ? [
          `Periodo: ${formatDate(snapshot.meta.period.from, lang)} – ${formatDate(snapshot.meta.period.to, lang)}, ora italiana; il confronto è con il ${semesterLabel(snapshot.meta.previousSemester, lang)}. Le variazioni dei conteggi sono in percentuale, quelle delle quote in punti percentuali (p.p.).`,
          'Fonti: questionari anonimi completati (nessun dato personale), seguiti registrati dagli operatori, rendicontazioni semestrali dei partner, registro degli accordi e degli eventi.',
          'Le quote sono calcolate solo quando il denominatore è maggiore di zero («—» altrimenti). I giorni sono mediane.',
          'Bisogni e aiuti: una persona può averne più di uno; ogni tipo è contato una volta per persona, per questo i totali superano il numero di persone.',
          'Riservatezza: nelle versioni per i partner i conteggi di persone da 1 a 4 non sono mostrati («< 5»); sono nascosti («n.d.») anche i valori che permetterebbero di ricostruirli per differenza dai totali, le quote calcolate su valori nascosti e le mediane su meno di 5 casi.',
        ]
      : [
          `Period: ${formatDate(snapshot.meta.period.from, lang)} – ${formatDate(snapshot.meta.period.to, lang)}, Italian time; compared with the ${semesterLabel(snapshot.meta.previousSemester, lang)}. Changes of counts are in percent, changes of shares in percentage points (pp).`,
          "Sources: anonymous completed screenings (no personal data), follow-ups recorded by operators, partners' semiannual returns, the registry of agreements and events.",
          'Shares are computed only when the denominator is above zero ("—" otherwise). Days are medians.',
          'Needs and help: a person can have more than one; each type counts once per person, so totals exceed the number of people.',
          'Confidentiality: in partner versions, counts of people from 1 to 4 are not shown ("< 5"); figures that would let them be worked out from totals, shares computed on hidden figures and medians of fewer than 5 cases are hidden too ("n.d.").',
        ];
  return [heading(TEXT.method, lang), { ul: items, style: 'body' }];
}
