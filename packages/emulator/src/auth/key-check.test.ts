import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { presentedApiKey } from './api-key.js';
import { KeyCheck } from './key-check.js';

describe('KeyCheck', () => {
  it('accepts exactly the configured keys, whatever their lengths', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 5 }),
        fc.string(),
        (keys, other) => {
          const check = new KeyCheck(keys);
          for (const key of keys) expect(check.accepts(key)).toBe(true);
          expect(check.accepts(other)).toBe(keys.includes(other));
        },
      ),
    );
  });

  it('accepts nothing when no key is configured', () => {
    expect(new KeyCheck([]).accepts('')).toBe(false);
  });
});

describe('presentedApiKey', () => {
  it('reads a Bearer token, or the api-key header', () => {
    expect(presentedApiKey({ authorization: 'Bearer sk-1' })).toBe('sk-1');
    expect(presentedApiKey({ authorization: '  bearer   sk-2  ' })).toBe('sk-2');
    expect(presentedApiKey({ 'api-key': ' azure-key ' })).toBe('azure-key');
    expect(presentedApiKey({ authorization: 'Bearer sk-1', 'api-key': 'other' })).toBe('sk-1');
    expect(presentedApiKey({ authorization: 'Basic abc' })).toBeNull();
    expect(presentedApiKey({ authorization: 'Bearer' })).toBeNull();
    expect(presentedApiKey({})).toBeNull();
  });
});
