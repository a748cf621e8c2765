import { buildReportSnapshot } from './build-snapshot';
import { assertPartnerSafe, toPartnerView } from './partner-view';
import type { IndicatorFigures, ReportSnapshot } from './report-snapshot';
import { sampleReportInput } from './sample-snapshot';

function cells(snapshot: ReportSnapshot, id: string): Record<string, unknown> {
  const row = snapshot.indicators.find((indicator) => indicator.indicatorId === id) as IndicatorFigures;
  return Object.fromEntries(row.breakdowns.find((b) => b.breakdown === 'territory')?.categories.map((c) => [c.category, c.numerator]) ?? []);
}

describe('toPartnerView: complementary suppression of the new measures', () => {
  // Lazio: people contacted at outreach events, 47 in all: Roma 44, Rieti 3, the other provinces 0. Rieti reads
  // "< 5"; with the total and the zeros shown, 47 − 44 would give Rieti away, so Roma must be hidden too.
  const base = sampleReportInput('LAZIO');
  const input = {
    ...base,
    measures: {
      ...base.measures,
      outreachEventsHeld: { total: 6, by: { territory: { '058': 5, '057': 1 } } },
      outreachPeopleContacted: { total: 47, by: { territory: { '058': 44, '057': 3 } } },
    },
  };
  const internal = buildReportSnapshot(input);
  const partner = toPartnerView(internal);

  it('hides the small cell as "< 5" and its complement as "n.d.", and keeps the total', () => {
    expect(cells(internal, 'activity.peopleContactedAtEvents')).toMatchObject({ '058': 44, '057': 3, '059': 0 });
    const shown = cells(partner, 'activity.peopleContactedAtEvents');
    expect(shown['057']).toEqual({ suppressed: 'small' });
    expect(shown['058']).toEqual({ suppressed: 'complementary' });
    // Zeros identify nobody and stay; the total stays, so the key figures and the territory table agree.
    expect(shown['059']).toBe(0);
    expect(partner.indicators.find((i) => i.indicatorId === 'activity.peopleContactedAtEvents')?.numerator).toBe(47);
    expect(() => assertPartnerSafe(partner)).not.toThrow();
  });

  it('keeps a small cell of a breakdown that does not add up (events held above the provinces) as "< 5", without refusing the view', () => {
    // 6 people contacted at an event placed at the region level: in the total, in no province.
    const loose = toPartnerView(
      buildReportSnapshot({ ...input, measures: { ...input.measures, outreachPeopleContacted: { total: 53, by: { territory: { '058': 44, '057': 3 } } } } }),
    );
    const shown = cells(loose, 'activity.peopleContactedAtEvents');
    expect(shown['057']).toEqual({ suppressed: 'small' });
    expect(shown['058']).toBe(44);
    expect(() => assertPartnerSafe(loose)).not.toThrow();
  });

  it('leaves counts of events alone: they are public facts, not people', () => {
    expect(cells(partner, 'activity.eventsHeld')).toMatchObject({ '058': 5, '057': 1 });
  });

  it('would reveal the small cell without the complement (the test can fail)', () => {
    const shown = cells(partner, 'activity.peopleContactedAtEvents');
    const visible = Object.values(shown).filter((v): v is number => typeof v === 'number');
    // If the complement were visible, 47 minus the visible cells would be exactly 3.
    expect(47 - visible.reduce((s, v) => s + v, 0)).not.toBe(3);
  });
});
