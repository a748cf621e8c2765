import { renderJson } from './render-json';
import { toPartnerView } from './partner-view';
import { sampleSnapshot } from './sample-snapshot';

describe('renderJson', () => {
  const snapshot = sampleSnapshot();

  it('round-trips the snapshot', () => {
    expect(JSON.parse(renderJson(snapshot))).toEqual(JSON.parse(JSON.stringify(snapshot)));
  });

  it('writes keys in a stable order, independent of construction order', () => {
    const reverseKeys = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reverseKeys);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(
        Object.entries(value)
          .reverse()
          .map(([key, item]) => [key, reverseKeys(item)]),
      );
    };
    const text = renderJson(snapshot);
    expect(renderJson(reverseKeys(snapshot) as typeof snapshot)).toBe(text);
    const top = Object.keys(JSON.parse(text) as object);
    expect(top).toEqual([...top].sort());
  });

  it('is byte-identical for the same snapshot (fixed generatedAt)', () => {
    expect(renderJson(sampleSnapshot())).toBe(renderJson(sampleSnapshot()));
  });

  it('writes suppressed figures as markers', () => {
    const text = renderJson(toPartnerView(snapshot));
    expect(text).toContain('"suppressed": "small"');
    expect(JSON.parse(text).meta.partnerView).toBe(true);
  });

  it('refuses a snapshot marked for partners that is not suppressed', () => {
    expect(() => renderJson({ ...snapshot, meta: { ...snapshot.meta, partnerView: true } })).toThrow(/not safe/);
  });
});
