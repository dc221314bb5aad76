import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_SIZE, imageTokens } from './image-tokens.js';

describe('imageTokens', () => {
  it('costs 85 at low detail whatever the size', () => {
    expect(imageTokens('low')).toBe(85);
    expect(imageTokens('low', { width: 4096, height: 8192 })).toBe(85);
  });

  it.each([
    // OpenAI's documented examples
    [1024, 1024, 765],
    [2048, 4096, 1105],
    // one tile, and the tile edges
    [512, 512, 255],
    [100, 100, 255],
    [513, 512, 425],
    [768, 768, 765],
    // fit within 2048 first, then the short side to 768
    [4096, 8192, 1105],
    [4096, 4096, 765],
    // wide: 3000×1000 → 2048×682, short side already under 768 → 4×2 tiles
    [3000, 1000, 1445],
    // tall and narrow: 100×5000 → 40×2048 → 1×4 tiles
    [100, 5000, 765],
    // 1920×1080 → short side 768 → 1365×768 → 3×2 tiles
    [1920, 1080, 1105],
  ])('high detail %i×%i → %i', (width, height, tokens) => {
    expect(imageTokens('high', { width, height })).toBe(tokens);
    expect(imageTokens('high', { width: height, height: width })).toBe(tokens);
  });

  it('counts auto and a missing detail as high', () => {
    expect(imageTokens('auto', { width: 2048, height: 4096 })).toBe(1105);
    expect(imageTokens(undefined, { width: 2048, height: 4096 })).toBe(1105);
  });

  it('assumes the documented 1024×1024 default without a usable size', () => {
    expect(DEFAULT_IMAGE_SIZE).toEqual({ width: 1024, height: 1024 });
    expect(imageTokens('high')).toBe(765);
    expect(imageTokens('auto')).toBe(765);
    expect(imageTokens(undefined)).toBe(765);
    expect(imageTokens('high', { width: 0, height: 100 })).toBe(765);
    expect(imageTokens('high', { width: Number.NaN, height: 100 })).toBe(765);
    expect(imageTokens('high', { width: -5, height: 100 })).toBe(765);
  });
});
