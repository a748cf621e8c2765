import { TtlLruCache } from './ttl-lru.cache';

describe('TtlLruCache', () => {
  it('answers a stored value until its time is up, then forgets it', () => {
    const cache = new TtlLruCache<string>(10, 1000);
    cache.set('058091', 'roma', 0);
    expect(cache.get('058091', 999)).toBe('roma');
    expect(cache.get('058091', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry when full', () => {
    const cache = new TtlLruCache<number>(2, 1000);
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a', 1)).toBe(1); // b is now the least recently used
    cache.set('c', 3, 2);
    expect([cache.get('a', 3), cache.get('b', 3), cache.get('c', 3)]).toEqual([1, undefined, 3]);
  });

  it('restarts the time of an entry stored again', () => {
    const cache = new TtlLruCache<number>(2, 1000);
    cache.set('a', 1, 0);
    cache.set('a', 2, 900);
    expect(cache.get('a', 1500)).toBe(2);
  });
});
