import { addDays, romeDate } from '@inps/kernel';
import fc from 'fast-check';
import type { ScheduledAgreement } from './agreement-schedule';
import { planAgreementJobs } from './agreement-schedule';
import { at } from './testing';

const signed = (id: string, from: string, to: string, extra: Partial<ScheduledAgreement> = {}): ScheduledAgreement => ({
  id,
  state: 'SIGNED',
  validity: { from, to },
  ...extra,
});
const active = (id: string, from: string, to: string, extra: Partial<ScheduledAgreement> = {}): ScheduledAgreement => ({
  id,
  state: 'ACTIVE',
  validity: { from, to },
  ...extra,
});

describe('planAgreementJobs', () => {
  it('activates signed agreements whose validity has started, by Rome day', () => {
    const agreements = [signed('starts-today', '2026-04-01', '2027-03-31'), signed('starts-tomorrow', '2026-04-02', '2027-03-31')];
    // 00:10 Rome time on 1 April is still 31 March in UTC.
    const plan = planAgreementJobs(agreements, at('2026-04-01T00:10:00+02:00'));
    expect(plan).toMatchObject({ today: '2026-04-01', activate: ['starts-today'], expire: [] });
    expect(planAgreementJobs(agreements, at('2026-03-31T23:50:00+02:00')).activate).toEqual([]);
  });

  it('expires agreements the day after their last day, including signed ones never activated', () => {
    const agreements = [active('a', '2025-01-01', '2026-03-28'), signed('s', '2026-03-01', '2026-03-28'), active('b', '2025-01-01', '2026-03-29')];
    expect(planAgreementJobs(agreements, at('2026-03-29T00:30:00+01:00'))).toMatchObject({ expire: ['a', 's'], activate: [] });
    expect(planAgreementJobs(agreements, at('2026-03-28T23:59:00+01:00')).expire).toEqual([]);
  });

  it('warns 30 days before the end, once per end date', () => {
    const a = active('a', '2025-05-01', '2026-04-30');
    expect(planAgreementJobs([a], at('2026-03-30T09:00:00+02:00')).warn).toEqual([]);
    expect(planAgreementJobs([a], at('2026-03-30T23:59:00+02:00')).warn).toEqual([]);
    // 00:01 in Rome on 31 March is 22:01 UTC on the 30th: the Rome day decides.
    expect(planAgreementJobs([a], at('2026-03-31T00:01:00+02:00')).warn).toEqual([{ id: 'a', validTo: '2026-04-30', daysLeft: 30 }]);
    const b = active('b', '2025-05-01', '2026-05-01');
    expect(planAgreementJobs([b], at('2026-04-01T08:00:00+02:00')).warn).toEqual([{ id: 'b', validTo: '2026-05-01', daysLeft: 30 }]);
    expect(planAgreementJobs([{ ...b, expiryWarningSentFor: '2026-05-01' }], at('2026-04-02T08:00:00+02:00')).warn).toEqual([]);
    // Renewed: the end moved, so the next warning is due for the new end.
    const renewed = { ...b, validity: { from: '2025-05-01', to: '2026-05-20' }, expiryWarningSentFor: '2026-05-01' };
    expect(planAgreementJobs([renewed], at('2026-04-25T08:00:00+02:00')).warn).toEqual([{ id: 'b', validTo: '2026-05-20', daysLeft: 25 }]);
  });

  it('catches up after missed runs and warns a late-activated agreement', () => {
    const plan = planAgreementJobs([signed('late', '2026-01-01', '2026-01-20')], at('2026-01-05T12:00:00+01:00'));
    expect(plan).toMatchObject({ activate: ['late'], warn: [{ id: 'late', daysLeft: 15 }] });
  });

  it('ignores agreements that are not signed or have no validity', () => {
    const plan = planAgreementJobs(
      [
        { id: 'draft', state: 'DRAFT', validity: { from: '2020-01-01', to: '2020-12-31' } },
        { id: 'expired', state: 'EXPIRED', validity: { from: '2020-01-01', to: '2020-12-31' } },
        { id: 'none', state: 'SIGNED', validity: null },
      ],
      at('2026-01-05T12:00:00+01:00'),
    );
    expect(plan).toMatchObject({ activate: [], expire: [], warn: [] });
  });

  it('is idempotent: applying its plan and planning again gives nothing new the same day', () => {
    const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2025-01-01', n));
    const arb = fc.array(fc.record({ state: fc.constantFrom<'SIGNED' | 'ACTIVE'>('SIGNED', 'ACTIVE'), from: day, length: fc.integer({ min: 0, max: 400 }) }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 1_000 * 86_400 }), (rows, offsetSeconds) => {
        const agreements: ScheduledAgreement[] = rows.map((r, i) => ({
          id: `a${i}`,
          state: r.state,
          validity: { from: r.from, to: addDays(r.from, r.length) },
        }));
        const now = new Date(Date.parse('2025-01-01T00:00:00Z') + offsetSeconds * 1000);
        const plan = planAgreementJobs(agreements, now);
        const today = romeDate(now);
        const applied = agreements.map((a) => ({
          ...a,
          state: plan.expire.includes(a.id) ? ('EXPIRED' as const) : plan.activate.includes(a.id) ? ('ACTIVE' as const) : a.state,
          expiryWarningSentFor: plan.warn.find((w) => w.id === a.id)?.validTo ?? null,
        }));
        expect(planAgreementJobs(applied, now)).toEqual({ today, activate: [], expire: [], warn: [] });
        for (const w of plan.warn) expect(w.daysLeft).toBeGreaterThanOrEqual(0);
        for (const w of plan.warn) expect(w.daysLeft).toBeLessThanOrEqual(30);
      }),
    );
  });
});
