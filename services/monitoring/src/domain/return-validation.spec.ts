import fc from 'fast-check';
import { RETURN_DATASET_2026_1, returnDatasetFor } from './return-dataset';
import { validateReturn, ValidationIssue } from './return-validation';

function validReturn(): Record<string, unknown> {
  return {
    datasetVersion: '2026.1',
    semester: '2026S1',
    values: {
      peopleContacted: {
        total: 200,
        byAgeBand: { '0-17': 10, '18-29': 40, '30-44': 40, '45-59': 50, '60-66': 30, '67+': 20, NOT_RECORDED: 10 },
        bySex: { F: 80, M: 110, NOT_RECORDED: 10 },
        byCitizenshipGroup: { IT: 100, EU: 30, NON_EU: 60, NOT_RECORDED: 10 },
        byHousingCondition: { HOMELESS: 90, PRECARIOUS: 50, HOUSED: 40, UNKNOWN: 20 },
      },
      peopleTakenInCharge: {
        total: 120,
        byAgeBand: { '0-17': 5, '18-29': 31, '30-44': 24, '45-59': 30, '60-66': 18, '67+': 12 },
        bySex: { F: 50, M: 70 },
      },
      needsFound: { total: 260, byNeedType: { INCOME_SUPPORT: 90, DIGITAL_IDENTITY: 80, DOCUMENTS_RESIDENCE: 60, ISEE: 30 } },
      needsResolved: { total: 100, byNeedType: { INCOME_SUPPORT: 30, DIGITAL_IDENTITY: 60, ISEE: 10 } },
      helpGiven: { total: 150, byHelpType: { DIGITAL_IDENTITY: 60, APPLICATION: 50, REFERRAL_CAF: 40 } },
      applicationsFiled: {
        total: 50,
        byBenefit: { 'assegno-inclusione': 30, 'assegno-unico': 20 },
        byOutcome: { GRANTED: 20, REJECTED: 10, PENDING: 20 },
      },
      applicationsGranted: { total: 20, byBenefit: { 'assegno-inclusione': 10, 'assegno-unico': 10 } },
      applicationsRejected: { total: 10, byBenefit: { 'assegno-inclusione': 8, 'assegno-unico': 2 } },
    },
  };
}

function issuesOf(input: unknown): ValidationIssue[] {
  const result = validateReturn(input);
  return result.ok ? [] : [...result.issues];
}

function withValues(patch: (values: Record<string, Record<string, unknown>>) => void): Record<string, unknown> {
  const input = validReturn();
  patch(input.values as Record<string, Record<string, unknown>>);
  return input;
}

describe('validateReturn', () => {
  it('accepts a consistent return and completes breakdowns with zeros in canonical order', () => {
    const result = validateReturn(validReturn());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.value.values.peopleTakenInCharge.byAgeBand as object)).toEqual([
      '0-17',
      '18-29',
      '30-44',
      '45-59',
      '60-66',
      '67+',
      'NOT_RECORDED',
    ]);
    expect((result.value.values.peopleTakenInCharge.bySex as Record<string, number>).NOT_RECORDED).toBe(0);
  });

  it('names the field of a category that is not a whole number ≥ 0', () => {
    const issues = issuesOf(
      withValues((v) => {
        (v.peopleTakenInCharge.byAgeBand as Record<string, unknown>)['18-29'] = -3;
        (v.peopleTakenInCharge.bySex as Record<string, unknown>).F = 2.5;
        v.peopleContacted.total = '200';
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'values.peopleTakenInCharge.byAgeBand.18-29', issue: 'must be a whole number ≥ 0, got -3' },
        { field: 'values.peopleTakenInCharge.bySex.F', issue: 'must be a whole number ≥ 0, got 2.5' },
        { field: 'values.peopleContacted.total', issue: 'must be a whole number ≥ 0, got the text "200"' },
      ]),
    );
  });

  it('refuses breakdowns that do not add up to their total', () => {
    const issues = issuesOf(
      withValues((v) => {
        (v.peopleTakenInCharge.byAgeBand as Record<string, number>)['18-29'] = 29;
      }),
    );
    expect(issues).toEqual([{ field: 'values.peopleTakenInCharge.byAgeBand', issue: 'categories add up to 118 but the total is 120' }]);
  });

  it('explains multi-valued breakdowns (needs per person) when they do not add up', () => {
    const issues = issuesOf(
      withValues((v) => {
        v.needsFound.total = 120;
      }),
    );
    expect(issues[0].field).toBe('values.needsFound.byNeedType');
    expect(issues[0].issue).toMatch(/person–category pairs/);
  });

  it('refuses more people taken in charge than contacted, in total and per category', () => {
    const issues = issuesOf(
      withValues((v) => {
        v.peopleTakenInCharge.total = 120;
        v.peopleTakenInCharge.byHousingCondition = { HOMELESS: 100, HOUSED: 20 };
      }),
    );
    expect(issues).toEqual([
      {
        field: 'values.peopleTakenInCharge.byHousingCondition.HOMELESS',
        issue: 'peopleTakenInCharge (100) cannot be more than peopleContacted (90) for HOMELESS',
      },
    ]);
    const total = issuesOf(
      withValues((v) => {
        v.peopleContacted = { total: 100 };
      }),
    );
    expect(total).toEqual([{ field: 'values.peopleTakenInCharge.total', issue: 'peopleTakenInCharge (120) cannot be more than peopleContacted (100)' }]);
  });

  it('bounds each need type by the people taken in charge', () => {
    const issues = issuesOf(
      withValues((v) => {
        v.needsFound = { total: 260, byNeedType: { INCOME_SUPPORT: 130, DIGITAL_IDENTITY: 130 } };
        v.needsResolved = { total: 0 };
      }),
    );
    expect(issues.map((issue) => issue.field)).toEqual(['values.needsFound.byNeedType.INCOME_SUPPORT', 'values.needsFound.byNeedType.DIGITAL_IDENTITY']);
    expect(issues[0].issue).toMatch(/at most once per category/);
  });

  it('checks applications: outcomes match and granted + rejected ≤ filed per benefit', () => {
    const issues = issuesOf(
      withValues((v) => {
        v.applicationsGranted = { total: 21, byBenefit: { 'assegno-inclusione': 11, 'assegno-unico': 10 } };
        v.applicationsRejected = { total: 10, byBenefit: { 'assegno-inclusione': 8, 'assegno-unico': 2, naspi: 0 } };
        (v.applicationsFiled.byBenefit as Record<string, number>)['assegno-unico'] = 11;
        (v.applicationsFiled.byBenefit as Record<string, number>)['assegno-inclusione'] = 39;
        v.applicationsFiled.total = 50;
      }),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        { field: 'values.applicationsGranted.total', issue: 'must equal applicationsFiled.byOutcome.GRANTED (20), got 21' },
        {
          field: 'values.applicationsRejected.byBenefit.assegno-unico',
          issue: 'applicationsGranted + applicationsRejected (12) cannot be more than applicationsFiled (11) for assegno-unico',
        },
      ]),
    );
  });

  it('refuses unknown elements, breakdowns and categories, and benefits outside the rule sets', () => {
    const issues = issuesOf(
      withValues((v) => {
        v.peopleFed = { total: 3 };
        v.peopleContacted.byReligion = { X: 1 };
        (v.peopleContacted.bySex as Record<string, number>).X = 0;
        (v.applicationsFiled.byBenefit as Record<string, number>)['reddito-cittadinanza'] = 0;
      }),
    );
    const fields = issues.map((issue) => issue.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'values.peopleFed',
        'values.peopleContacted.byReligion',
        'values.peopleContacted.bySex.X',
        'values.applicationsFiled.byBenefit.reddito-cittadinanza',
      ]),
    );
    expect(issues.find((issue) => issue.field === 'values.peopleContacted.bySex.X')?.issue).toBe('unknown category; allowed: F, M, NOT_RECORDED');
  });

  it('requires the required elements, a known version and a valid semester', () => {
    expect(issuesOf({ datasetVersion: '2026.1', semester: '2026S1', values: {} }).map((i) => i.field)).toEqual([
      'values.peopleContacted',
      'values.peopleTakenInCharge',
      'values.needsFound',
      'values.helpGiven',
      'values.applicationsFiled',
    ]);
    expect(issuesOf({ ...validReturn(), datasetVersion: '1.0' })).toEqual([
      { field: 'datasetVersion', issue: 'unknown version "1.0"; known versions: 2026.1' },
    ]);
    expect(issuesOf({ ...validReturn(), semester: '2026S3' })[0]).toMatchObject({ field: 'semester' });
    expect(issuesOf({ ...validReturn(), semester: '2025S2' })[0].issue).toMatch(/used from 2026S1/);
    expect(issuesOf({ ...validReturn(), extra: 1 })).toEqual([{ field: 'extra', issue: 'is not a field of a return' }]);
    expect(issuesOf([])).toEqual([{ field: '', issue: 'must be an object with datasetVersion, semester and values, got a list' }]);
  });

  it('catches an extra zero typed by mistake', () => {
    const issues = issuesOf(withValues((v) => (v.peopleContacted = { total: 20_000_000 })));
    expect(issues[0]).toMatchObject({ field: 'values.peopleContacted.total' });
  });

  it('any breakdown built from people adds up; one changed category is always caught', () => {
    const ages = RETURN_DATASET_2026_1.elements[0].breakdowns[0].categories;
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: ages.length, maxLength: ages.length }), fc.nat(ages.length - 1), (counts, which) => {
        const byAgeBand = Object.fromEntries(ages.map((age, index) => [age, counts[index]]));
        const total = counts.reduce((a, b) => a + b, 0);
        // Needs are bounded by the people taken in charge, which may be few here.
        const fewNeeds = (v: Record<string, Record<string, unknown>>): void => {
          v.needsFound = { total: 0 };
          delete v.needsResolved;
        };
        const base = withValues((v) => {
          v.peopleContacted = { total: total + 1000, byAgeBand: { ...byAgeBand, NOT_RECORDED: (byAgeBand.NOT_RECORDED ?? 0) + 1000 } };
          v.peopleTakenInCharge = { total, byAgeBand };
          fewNeeds(v);
        });
        expect(issuesOf(base)).toEqual([]);
        const broken = withValues((v) => {
          v.peopleContacted = { total: total + 1000 };
          v.peopleTakenInCharge = { total, byAgeBand: { ...byAgeBand, [ages[which]]: byAgeBand[ages[which]] + 1 } };
          fewNeeds(v);
        });
        expect(issuesOf(broken).map((issue) => issue.field)).toEqual(['values.peopleTakenInCharge.byAgeBand']);
      }),
      { numRuns: 500 },
    );
  });
});

describe('return data sets', () => {
  it('picks the version valid for a semester', () => {
    expect(returnDatasetFor('2026S2')?.version).toBe('2026.1');
    expect(returnDatasetFor('2025S2')).toBeUndefined();
  });

  it('offers only the benefits of the 2026 rule set', () => {
    const byBenefit = RETURN_DATASET_2026_1.elements.find((e) => e.id === 'applicationsFiled')?.breakdowns[0];
    expect(byBenefit?.categories).toContain('assegno-inclusione');
    expect(byBenefit?.categories).not.toContain('reddito-cittadinanza');
  });
});
