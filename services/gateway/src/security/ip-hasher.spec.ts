import { IpHasher } from './ip-hasher';

describe('IpHasher', () => {
  const day = (iso: string) => () => new Date(iso);
  const KEY = 'k'.repeat(40);

  it('with a key, gateways agree on an address digest within a day, so their limits are one', () => {
    const a = new IpHasher(KEY, day('2026-12-07T10:00:00Z'));
    const b = new IpHasher(KEY, day('2026-12-07T23:59:00Z'));
    expect(a.hash('203.0.113.7')).toBe(b.hash('203.0.113.7'));
    expect(a.hash('203.0.113.7')).not.toBe(a.hash('203.0.113.8'));
  });

  it('with a key, the digest changes with the day and with the key', () => {
    const today = new IpHasher(KEY, day('2026-12-07T10:00:00Z')).hash('203.0.113.7');
    expect(new IpHasher(KEY, day('2026-12-08T10:00:00Z')).hash('203.0.113.7')).not.toBe(today);
    expect(new IpHasher('x'.repeat(40), day('2026-12-07T10:00:00Z')).hash('203.0.113.7')).not.toBe(today);
  });

  it("takes the next day's secret when the clock passes midnight (UTC), and keeps it within the day", () => {
    let now = new Date('2026-12-07T23:59:59.900Z');
    const hasher = new IpHasher(KEY, () => now);
    const before = hasher.hash('203.0.113.7');
    now = new Date('2026-12-08T00:00:00.100Z');
    const after = hasher.hash('203.0.113.7');
    expect(after).not.toBe(before);
    expect(after).toBe(new IpHasher(KEY, day('2026-12-08T12:00:00Z')).hash('203.0.113.7'));
    now = new Date('2026-12-08T23:00:00Z');
    expect(hasher.hash('203.0.113.7')).toBe(after);
  });

  it('without a key, each process draws its own secret (a per-replica limit)', () => {
    const now = day('2026-12-07T10:00:00Z');
    expect(new IpHasher(undefined, now).hash('203.0.113.7')).not.toBe(new IpHasher(undefined, now).hash('203.0.113.7'));
  });

  it('never puts the address itself in the digest', () => {
    expect(new IpHasher(KEY).hash('203.0.113.7')).not.toContain('203');
  });
});
