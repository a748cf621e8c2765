import { formatChange, formatCount, formatShare } from './format';

describe('format', () => {
  it('formats Italian and English numbers, shares and changes', () => {
    expect(formatCount(12345, 'it')).toBe('12.345');
    expect(formatCount(1234, 'it')).toBe('1.234');
    expect(formatCount(1234, 'en')).toBe('1,234');
    expect(formatCount({ suppressed: 'small' }, 'it')).toBe('< 5');
    expect(formatCount({ suppressed: 'complementary' }, 'en')).toBe('n.d.');
    expect(formatCount(null, 'it')).toBe('—');
    expect(formatShare(0.4672, 'it')).toBe('46,7%');
    expect(formatChange({ absolute: -0.0002, percent: -0.4 }, 'share', 'it')).toEqual({ text: '±0,0 p.p.', direction: 'flat' });
    expect(formatChange({ absolute: -7, percent: -17.1 }, 'days', 'en')).toEqual({ text: '−7 days', direction: 'down' });
    expect(formatChange({ absolute: 5, percent: null }, 'count', 'it')).toEqual({ text: '+5', direction: 'up' });
  });
});
