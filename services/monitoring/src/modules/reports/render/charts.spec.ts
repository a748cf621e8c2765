import { buildChartSpecs } from './charts';
import { toPartnerView } from './partner-view';
import { sampleSnapshot } from './sample-snapshot';

describe('charts', () => {
  it('builds four vega-lite charts with localized labels', () => {
    const charts = buildChartSpecs(sampleSnapshot(), 'it');
    expect(charts.map((chart) => chart.id)).toEqual(['screeningByBenefit', 'takenInChargeByTerritory', 'applicationsByBenefit', 'needsByType']);
    const territory = JSON.stringify(charts[1].spec);
    expect(territory).toContain('"label":"1.968"');
    expect(territory).toContain('Roma Capitale');
  });

  it('draws no bar for a hidden figure and labels it', () => {
    const charts = buildChartSpecs(toPartnerView(sampleSnapshot()), 'it');
    const data = (charts[1].spec.data as { values: { category: string; value: number | null; label: string }[] }).values;
    const rieti = data.filter((item) => item.category === 'Rieti');
    expect(rieti[1]).toMatchObject({ value: null, label: '< 5  (n.d.)' });
  });
});
