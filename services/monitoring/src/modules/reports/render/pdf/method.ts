import { word, type ReportLanguage, semesterLabel } from '../report-words';
import type { Content } from 'pdfmake/interfaces';
import { formatDate } from '../format';
import type { ReportSnapshot } from '../report-snapshot';
import { TEXT } from './labels';
import { heading } from './layout';

export function methodSection(snapshot: ReportSnapshot, lang: ReportLanguage): Content[] {
  const period = {
    from: formatDate(snapshot.meta.period.from, lang),
    to: formatDate(snapshot.meta.period.to, lang),
    previous: semesterLabel(snapshot.meta.previousSemester, lang),
  };
  const items = [
    word('pdf.method.period', lang, period),
    word('pdf.method.sources', lang),
    word('pdf.method.shares', lang),
    word('pdf.method.needs', lang),
    word('pdf.method.confidentiality', lang),
  ];
  return [heading(TEXT.method, lang), { ul: items, style: 'body' }];
}
