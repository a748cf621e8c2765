import { BREAKDOWNS } from './breakdowns';
import { changeVersusPrevious, indicatorById, INDICATORS, MEASURES, median, roundTo, SECTIONS, share } from './indicators';

describe('indicator definitions', () => {
  it('have unique ids prefixed by their section', () => {
    const ids = INDICATORS.map((indicator) => indicator.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const indicator of INDICATORS) expect(indicator.id.startsWith(`${indicator.section}.`)).toBe(true);
  });

  it('cover every section of the list in docs/domain.md §5', () => {
    for (const section of SECTIONS) {
      expect(INDICATORS.some((indicator) => indicator.section === section.id)).toBe(true);
    }
  });

  it('are consistent: shares have a denominator, counts and days do not, measures exist', () => {
    for (const indicator of INDICATORS) {
      expect(MEASURES[indicator.numerator]).toBeDefined();
      if (indicator.unit === 'share') expect(indicator.denominator).not.toBeNull();
      else expect(indicator.denominator).toBeNull();
      if (indicator.denominator) expect(MEASURES[indicator.denominator].aggregation).toBe('sum');
      expect(MEASURES[indicator.numerator].aggregation).toBe(indicator.unit === 'days' ? 'median' : 'sum');
      for (const breakdown of indicator.breakdowns) expect(BREAKDOWNS[breakdown]).toBeDefined();
    }
  });

  it('include the items of the list in docs/domain.md §5', () => {
    for (const id of [
      'activity.eventsHeld',
      'activity.mobileUnitRequestsOnTime',
      'screening.withLikelyBenefitShare',
      'screening.stoppedMissingIseeShare',
      'takenInCharge.rate',
      'needs.found',
      'help.applicationsFiled',
      'effectiveness.applicationsGrantedShare',
      'effectiveness.medianDaysToApplication',
      'governance.medianReviewDays',
      'dataQuality.returnsTimeliness',
    ]) {
      expect(indicatorById(id)).toBeDefined();
    }
    expect(indicatorById('takenInCharge.new')?.breakdowns).toEqual(expect.arrayContaining(['ageBand', 'sex', 'citizenshipGroup', 'housingCondition']));
  });

  it('keep governance internal', () => {
    const visible = INDICATORS.filter((indicator) => indicator.partnerVisible).map((indicator) => indicator.section);
    expect(visible).not.toContain('governance');
    expect(visible).toContain('takenInCharge');
  });
});

describe('share, change, median', () => {
  it('share is null when the denominator is 0 or an input is missing', () => {
    expect(share(3, 4)).toBe(0.75);
    expect(share(0, 4)).toBe(0);
    expect(share(3, 0)).toBeNull();
    expect(share(null, 4)).toBeNull();
    expect(share(3, undefined)).toBeNull();
  });

  it('change is absolute and in percent, null-safe', () => {
    expect(changeVersusPrevious(120, 100)).toEqual({ absolute: 20, percent: 20 });
    expect(changeVersusPrevious(80, 100)).toEqual({ absolute: -20, percent: -20 });
    expect(changeVersusPrevious(5, 0)).toEqual({ absolute: 5, percent: null });
    expect(changeVersusPrevious(null, 3)).toEqual({ absolute: null, percent: null });
    expect(changeVersusPrevious(3, null)).toEqual({ absolute: null, percent: null });
  });

  it('median handles odd, even and empty input without reordering it', () => {
    const values = [9, 1, 5];
    expect(median(values)).toBe(5);
    expect(values).toEqual([9, 1, 5]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
  });

  it('rounds half away from zero', () => {
    expect(roundTo(0.12345, 4)).toBe(0.1235);
    expect(roundTo(-0.125, 2)).toBe(-0.13);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(Object.is(roundTo(-0.00001, 2), 0)).toBe(true);
  });
});
