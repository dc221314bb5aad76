import { describe, expect, it } from 'vitest';
import { TextCountCache } from './lru-cache.js';

describe('TextCountCache', () => {
  it('evicts the least recently used entry beyond its entry limit', () => {
    const cache = new TextCountCache({ maxEntries: 2, maxTotalChars: 1000 });
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // 'b' is now the oldest
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('evicts oldest entries until the characters fit the budget', () => {
    const cache = new TextCountCache({ maxEntries: 100, maxTotalChars: 40 });
    cache.set('x'.repeat(10), 1);
    cache.set('y'.repeat(10), 2);
    cache.set('z'.repeat(10), 3);
    cache.set('w'.repeat(10), 4);
    expect(cache.totalChars).toBe(40);
    cache.set('v'.repeat(10), 5);
    expect(cache.get('x'.repeat(10))).toBeUndefined();
    expect(cache.get('y'.repeat(10))).toBe(2);
    expect(cache.totalChars).toBe(40);
    expect(cache.size).toBe(4);
  });

  it('does not keep a text longer than a quarter of the budget', () => {
    const cache = new TextCountCache({ maxEntries: 100, maxTotalChars: 40 });
    cache.set('small', 1);
    cache.set('x'.repeat(11), 7);
    expect(cache.get('x'.repeat(11))).toBeUndefined();
    expect(cache.get('small')).toBe(1);
    expect(cache.totalChars).toBe(5);
  });

  it('counts a re-set text once and forgets everything on clear', () => {
    const cache = new TextCountCache({ maxEntries: 10, maxTotalChars: 100 });
    cache.set('same', 1);
    cache.set('same', 1);
    expect(cache.size).toBe(1);
    expect(cache.totalChars).toBe(4);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.totalChars).toBe(0);
    expect(cache.get('same')).toBeUndefined();
  });
});
