import type { ReportLanguage } from '../report-words';
import type { Text } from '@inps/kernel';
import type { Content } from 'pdfmake/interfaces';
import type { ChartId } from '../charts';
import { TEXT, tr } from './labels';
import { CONTENT_WIDTH } from './layout';

export type ChartSvgs = Partial<Readonly<Record<ChartId, string>>>;

export function chart(charts: ChartSvgs | null, id: ChartId, title: Text, lang: ReportLanguage): Content {
  const svg = charts?.[id];
  const body: Content = svg ? { svg, width: CONTENT_WIDTH } : { text: tr(TEXT.chart, lang), style: 'muted', margin: [0, 10, 0, 10] };
  return { stack: [{ text: tr(title, lang), style: 'chartTitle' }, body], unbreakable: true, margin: [0, 2, 0, 8] };
}
