import { INDICATORS, MEASURES } from '../../../domain/indicators';
import { isSmallCount } from '../../../domain/suppression';
import { buildReportSnapshot } from './build-snapshot';
import { assertPartnerSafe, toPartnerView } from './partner-view';
import { IndicatorFigures, isSuppressed, plainNumber, ReportNumber, ReportSnapshot } from './report-snapshot';
import { sampleReportInput, sampleSnapshot, apportion } from './sample-snapshot';

function row(snapshot: ReportSnapshot, id: string): IndicatorFigures {
  const found = snapshot.indicators.find((indicator) => indicator.indicatorId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function allNumbers(snapshot: ReportSnapshot): { where: string; measure: string; value: ReportNumber }[] {
  const out: { where: string; measure: string; value: ReportNumber }[] = [];
  for (const r of snapshot.indicators) {
    out.push({ where: `${r.indicatorId}.numerator`, measure: r.numeratorMeasure, value: r.numerator });
    if (r.denominatorMeasure) out.push({ where: `${r.indicatorId}.denominator`, measure: r.denominatorMeasure, value: r.denominator });
    for (const b of r.breakdowns) {
      for (const c of b.categories) {
        out.push({ where: `${r.indicatorId}.${b.breakdown}.${c.category}`, measure: r.numeratorMeasure, value: c.numerator });
        if (r.denominatorMeasure) out.push({ where: `${r.indicatorId}.${b.breakdown}.${c.category}.den`, measure: r.denominatorMeasure, value: c.denominator });
      }
    }
  }
  return out;
}

describe('buildReportSnapshot (sample Lazio 2026S1)', () => {
  const snapshot = sampleSnapshot();

  it('has every indicator, with meta for the semester and scope', () => {
    expect(snapshot.indicators.map((indicator) => indicator.indicatorId)).toEqual(INDICATORS.map((indicator) => indicator.id));
    expect(snapshot.meta).toMatchObject({
      semester: '2026S1',
      previousSemester: '2025S2',
      period: { from: '2026-01-01', to: '2026-06-30' },
      scope: { level: 'REGION', istatCode: '12', name: 'Lazio' },
      version: 1,
      generatedAt: '2026-07-15T07:30:00.000Z',
      partnerView: false,
    });
  });

  it('computes shares, rates, medians and changes', () => {
    const rate = row(snapshot, 'takenInCharge.rate');
    expect(rate).toMatchObject({ numerator: 1127, denominator: 2412, value: 0.4672 });
    expect(row(snapshot, 'effectiveness.applicationsGrantedShare')).toMatchObject({ numerator: 394, denominator: 496, value: 0.7944 });
    expect(row(snapshot, 'effectiveness.medianDaysToApplication')).toMatchObject({ numerator: 598, value: 9 });
    const contacted = row(snapshot, 'activity.peopleContacted');
    expect(contacted.previous).toEqual({ numerator: 2104, denominator: null, value: 2104 });
    expect(contacted.change).toEqual({ absolute: 308, percent: 14.6 });
    expect(row(snapshot, 'takenInCharge.rate').change?.absolute).toBeCloseTo(0.4672 - 0.4553, 4);
  });

  it('keeps every breakdown additive and numerators within denominators', () => {
    for (const indicator of snapshot.indicators) {
      for (const breakdown of indicator.breakdowns) {
        expect({ id: indicator.indicatorId, breakdown: breakdown.breakdown, additive: breakdown.additive }).toEqual({
          id: indicator.indicatorId,
          breakdown: breakdown.breakdown,
          additive: true,
        });
        if (indicator.unit === 'share') {
          for (const c of breakdown.categories) expect(plainNumber(c.numerator) ?? 0).toBeLessThanOrEqual(plainNumber(c.denominator) ?? 0);
        }
      }
    }
  });

  it('derives presentation tables that agree with the indicator rows', () => {
    expect(snapshot.keyFigures.map((figure) => figure.indicatorId)).toContain('takenInCharge.rate');
    const rieti = snapshot.territories.find((territory) => territory.istatCode === '057');
    expect(rieti).toMatchObject({ name: 'Rieti', takenInCharge: 3, contacted: 25, screenings: 38, takeInChargeRate: 0.12 });
    const takenTotal = snapshot.territories.reduce((sum, territory) => sum + (plainNumber(territory.takenInCharge) ?? 0), 0);
    expect(takenTotal).toBe(row(snapshot, 'takenInCharge.new').value);
    const adi = snapshot.screeningByBenefit.find((benefit) => benefit.benefitId === 'assegno-inclusione');
    expect(adi).toMatchObject({ screenings: 1851, likelyEligible: 412, undetermined: 318, likelyShare: 0.2226 });
    expect(adi?.name.it).toBe('Assegno di inclusione (ADI)');
    const auu = snapshot.applicationsByBenefit.find((benefit) => benefit.benefitId === 'assegno-unico');
    expect(auu).toMatchObject({ filed: 122, decided: 118, granted: 112, grantedShare: 0.9492, medianDaysToApplication: 6 });
    expect(snapshot.returns?.total).toMatchObject({ expected: 38, received: 34, onTime: 29 });
    expect(snapshot.governance).toMatchObject({ activeAgreements: 31, medianReviewDays: 34, technicalTableMeetings: 14 });
    expect(snapshot.needs.find((need) => need.needType === 'DIGITAL_IDENTITY')).toMatchObject({ found: 611, resolved: 488 });
    expect(snapshot.parameterNotes.length).toBeGreaterThanOrEqual(5);
  });

  it('gives null, not a number, for a share over zero and for missing data', () => {
    const input = sampleReportInput();
    const empty = buildReportSnapshot({ ...input, measures: { ...input.measures, peopleContacted: { total: 0 } }, previous: null });
    expect(row(empty, 'takenInCharge.rate').value).toBeNull();
    expect(row(empty, 'takenInCharge.rate').change).toBeNull();
    const missing = buildReportSnapshot({ ...input, measures: {}, medians: {} });
    expect(row(missing, 'needs.found')).toMatchObject({ numerator: null, value: null, breakdowns: [] });
  });

  it('builds the national report over the 20 regions', () => {
    const national = sampleSnapshot('NATIONAL');
    expect(national.meta.scope).toEqual({ level: 'NATIONAL', istatCode: null, name: 'Italia' });
    expect(national.territories).toHaveLength(20);
    for (const indicator of national.indicators) for (const b of indicator.breakdowns) expect(b.additive).toBe(true);
  });

  it('apportions exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(0, [1, 2])).toEqual([0, 0]);
  });
});

describe('toPartnerView', () => {
  const internal = sampleSnapshot();
  const partner = toPartnerView(internal);

  it('drops internal indicators and governance, and marks the snapshot', () => {
    expect(partner.meta.partnerView).toBe(true);
    expect(partner.governance).toBeNull();
    expect(partner.indicators.some((indicator) => indicator.section === 'governance')).toBe(false);
    expect(partner.indicators.some((indicator) => indicator.indicatorId === 'activity.eventsCommunicatedInTime')).toBe(false);
    expect(() => assertPartnerSafe(partner)).not.toThrow();
  });

  it('shows no count of people from 1 to 4 anywhere', () => {
    for (const { where, measure, value } of allNumbers(partner)) {
      if (MEASURES[measure as keyof typeof MEASURES].aboutPeople && typeof value === 'number') {
        expect({ where, small: isSmallCount(value) }).toEqual({ where, small: false });
      }
    }
  });

  it("hides Rieti's 3 people, a second province, and the shares built on them", () => {
    const rieti = partner.territories.find((territory) => territory.istatCode === '057');
    expect(rieti?.takenInCharge).toEqual({ suppressed: 'small' });
    expect(rieti?.takeInChargeRate).toEqual({ suppressed: 'derived' });
    const hiddenProvinces = partner.territories.filter((territory) => isSuppressed(territory.takenInCharge));
    expect(hiddenProvinces.length).toBeGreaterThanOrEqual(2);
    // The regional total is untouched.
    expect(row(partner, 'takenInCharge.new').value).toBe(1127);
    expect(partner.keyFigures.find((figure) => figure.indicatorId === 'takenInCharge.new')?.value).toBe(1127);
  });

  it('hides rare benefits and their medians', () => {
    const frequenza = partner.applicationsByBenefit.find((benefit) => benefit.benefitId === 'indennita-frequenza');
    expect(frequenza?.filed).toEqual({ suppressed: 'small' });
    expect(frequenza?.medianDaysToApplication).toEqual({ suppressed: 'derived' });
    const asilo = partner.screeningByBenefit.find((benefit) => benefit.benefitId === 'bonus-asilo-nido');
    expect(asilo?.likelyEligible).toEqual({ suppressed: 'small' });
    expect(asilo?.likelyShare).toEqual({ suppressed: 'derived' });
  });

  it('is idempotent and refuses a hand-made unsafe snapshot', () => {
    expect(toPartnerView(partner)).toBe(partner);
    const unsafe: ReportSnapshot = { ...internal, meta: { ...internal.meta, partnerView: true } };
    expect(() => assertPartnerSafe(unsafe)).toThrow(/not safe/);
  });

  it('protects the national report too', () => {
    const national = toPartnerView(sampleSnapshot('NATIONAL'));
    expect(() => assertPartnerSafe(national)).not.toThrow();
  });
});
