import { addDays } from '@inps/kernel';
import fc from 'fast-check';
import type { ReferentAssignment } from './referent-overlap';
import { checkReferentAssignment, rangesOverlap } from './referent-overlap';

const referent = (id: string, validFrom: string, validTo: string | null, extra: Partial<ReferentAssignment> = {}): ReferentAssignment => ({
  id,
  unitId: 'dcm-roma',
  role: 'PROGRAMME',
  personId: `p-${id}`,
  primary: true,
  validFrom,
  validTo,
  ...extra,
});

describe('referent overlap', () => {
  it('treats both ends as included and a missing end as open', () => {
    expect(rangesOverlap({ from: '2026-01-01', to: '2026-06-30' }, { from: '2026-06-30', to: null })).toBe(true);
    expect(rangesOverlap({ from: '2026-01-01', to: '2026-06-29' }, { from: '2026-06-30', to: null })).toBe(false);
    expect(rangesOverlap({ from: '2026-01-01', to: null }, { from: '2020-01-01', to: '2025-12-31' })).toBe(false);
    expect(rangesOverlap({ from: '2026-01-01', to: null }, { from: '2030-01-01', to: null })).toBe(true);
  });

  it('refuses a second primary referent for the same unit and role in an overlapping period', () => {
    const existing = [referent('r1', '2025-01-01', '2026-06-30')];
    const result = checkReferentAssignment(existing, referent('r2', '2026-06-30', null));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CONFLICT');
    expect(result.error.details[0]).toMatchObject({ field: 'validFrom', rule: 'PRIMARY_REFERENT_OVERLAP' });
    expect(result.error.message.it).toContain('r1 (2025-01-01 – 2026-06-30)');
  });

  it('allows a handover, deputies, other roles and other units', () => {
    const existing = [referent('r1', '2025-01-01', '2026-06-30')];
    expect(checkReferentAssignment(existing, referent('r2', '2026-07-01', null)).ok).toBe(true);
    expect(checkReferentAssignment(existing, referent('r3', '2026-01-01', null, { primary: false })).ok).toBe(true);
    expect(checkReferentAssignment(existing, referent('r4', '2026-01-01', null, { role: 'MONITORING' })).ok).toBe(true);
    expect(checkReferentAssignment(existing, referent('r5', '2026-01-01', null, { unitId: 'dcm-milano' })).ok).toBe(true);
    // Editing a referent's own dates does not clash with itself.
    expect(checkReferentAssignment(existing, referent('r1', '2025-01-01', '2026-12-31')).ok).toBe(true);
  });

  it('refuses bad dates before looking for overlaps', () => {
    const result = checkReferentAssignment([], referent('r1', '2026-07-01', '2026-06-30'));
    expect(!result.ok && result.error.details[0]).toMatchObject({ field: 'validTo', rule: 'END_BEFORE_START' });
    const notDay = checkReferentAssignment([], referent('r1', '2026-02-30', null));
    expect(!notDay.ok && notDay.error.details[0].field).toBe('validFrom');
  });

  it('agrees with a day-by-day comparison', () => {
    const range = fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }) });
    fc.assert(
      fc.property(range, range, (a, b) => {
        const toRange = (r: { start: number; length: number | null }) => ({
          from: addDays('2026-01-01', r.start),
          to: r.length === null ? null : addDays('2026-01-01', r.start + r.length),
        });
        const covers = (r: { start: number; length: number | null }, d: number) => d >= r.start && (r.length === null || d <= r.start + r.length);
        let shared = false;
        for (let d = 0; d <= 200; d++) if (covers(a, d) && covers(b, d)) shared = true;
        expect(rangesOverlap(toRange(a), toRange(b))).toBe(shared);
      }),
    );
  });
});
