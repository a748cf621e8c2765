import { romeDate } from '@inps/kernel';
import { FixedClock } from './clock';

describe('FixedClock', () => {
  it('moves only when told', () => {
    const clock = new FixedClock(new Date('2026-01-01T10:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-01-01T10:00:00.000Z');
    clock.advanceDays(31);
    expect(romeDate(clock.now())).toBe('2026-02-01');
    clock.set('2026-07-01T00:00:00Z');
    clock.advance(1000);
    expect(clock.now().toISOString()).toBe('2026-07-01T00:00:01.000Z');
  });
});
