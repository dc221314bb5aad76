import { describe, expect, it } from 'vitest';
import { imageSizeFromDataUrl } from './image-size.js';

/** A data URL of `bytes` (numbers or binary-string pieces) followed by `paddingBytes` zero bytes. */
function dataUrl(
  mediaType: string,
  parts: readonly (string | readonly number[])[],
  paddingBytes = 64,
): string {
  const binary = parts
    .map((part) => (typeof part === 'string' ? part : String.fromCharCode(...part)))
    .join('');
  return `data:${mediaType};base64,${btoa(binary + '\0'.repeat(paddingBytes))}`;
}

const u16be = (value: number) => [value >> 8, value & 0xff];
const u16le = (value: number) => [value & 0xff, value >> 8];
const u24le = (value: number) => [value & 0xff, (value >> 8) & 0xff, value >> 16];
const u32be = (value: number) => [...u16be(Math.floor(value / 65_536)), ...u16be(value % 65_536)];

function png(width: number, height: number): string {
  return dataUrl('image/png', [
    '\x89PNG\r\n\x1a\n',
    u32be(13),
    'IHDR',
    u32be(width),
    u32be(height),
    [8, 6, 0, 0, 0],
  ]);
}

function jpeg(width: number, height: number, appSegmentBytes = 14): string {
  const app0 = [0xff, 0xe0, ...u16be(appSegmentBytes + 2), ...new Array<number>(appSegmentBytes).fill(0x41)];
  const sof2 = [0xff, 0xc2, ...u16be(17), 8, ...u16be(height), ...u16be(width), 3];
  return dataUrl('image/jpeg', [[0xff, 0xd8], app0, [0xff, 0xff], sof2]);
}

describe('imageSizeFromDataUrl', () => {
  it('reads PNG, GIF and JPEG headers', () => {
    expect(imageSizeFromDataUrl(png(2048, 4096))).toEqual({ width: 2048, height: 4096 });
    expect(imageSizeFromDataUrl(png(70_000, 3))).toEqual({ width: 70_000, height: 3 });
    expect(imageSizeFromDataUrl(dataUrl('image/gif', ['GIF89a', u16le(640), u16le(480)]))).toEqual({
      width: 640,
      height: 480,
    });
    expect(imageSizeFromDataUrl(jpeg(1920, 1080))).toEqual({ width: 1920, height: 1080 });
  });

  it('finds the JPEG frame header behind a large EXIF segment', () => {
    expect(imageSizeFromDataUrl(jpeg(3000, 2000, 40_000))).toEqual({ width: 3000, height: 2000 });
  });

  it('reads the three WebP variants', () => {
    const riff = (chunk: string, body: readonly number[]) =>
      dataUrl('image/webp', ['RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body]);
    // lossy: 3-byte frame tag, start code, 14-bit sides with 2 scale bits on top
    const lossy = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(800 | 0x4000), ...u16le(600)]);
    expect(imageSizeFromDataUrl(lossy)).toEqual({ width: 800, height: 600 });
    // lossless: signature, then (width − 1) and (height − 1) packed in 14 bits each
    const packed = (1023 & 0x3fff) + (767 & 0x3fff) * 16_384;
    const lossless = riff('VP8L', [0x2f, ...u16le(packed % 65_536), ...u16le(Math.floor(packed / 65_536))]);
    expect(imageSizeFromDataUrl(lossless)).toEqual({ width: 1024, height: 768 });
    // extended: flags, reserved, then (width − 1) and (height − 1) in 24 bits each
    const extended = riff('VP8X', [0x10, 0, 0, 0, ...u24le(4095), ...u24le(99)]);
    expect(imageSizeFromDataUrl(extended)).toEqual({ width: 4096, height: 100 });
  });

  it('accepts any media-type spelling and parameters before base64', () => {
    const url = png(10, 20).replace('data:image/png;base64,', 'DATA:image/PNG;name=x.png;BASE64,');
    expect(imageSizeFromDataUrl(url)).toEqual({ width: 10, height: 20 });
  });

  it.each([
    ['a remote URL', 'https://example.com/cat.png'],
    ['a data URL that is not base64', 'data:image/svg+xml,%3Csvg%3E%3C/svg%3E'],
    ['broken base64', 'data:image/png;base64,@@@@not base64@@@@'],
    ['an unknown format', dataUrl('image/bmp', ['BM', [1, 2, 3, 4]])],
    ['a truncated PNG', 'data:image/png;base64,iVBORw0KGgo='],
    ['a zero-sized image', png(0, 10)],
    ['a JPEG without a frame header', dataUrl('image/jpeg', [[0xff, 0xd8, 0xff, 0xd9]])],
    ['an empty string', ''],
  ])('gives up on %s', (_label, url) => {
    expect(imageSizeFromDataUrl(url)).toBeUndefined();
  });

  it('decodes only the header of a large image', () => {
    const huge = png(4096, 2160) + 'A'.repeat(20_000_000);
    const started = performance.now();
    expect(imageSizeFromDataUrl(huge)).toEqual({ width: 4096, height: 2160 });
    expect(performance.now() - started).toBeLessThan(500);
  });
});
