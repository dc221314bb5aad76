import type { ImageSize } from './image-tokens.js';

/**
 * Bytes decoded from the start of a data URL. PNG, GIF and WebP keep their size in the first 30
 * bytes; JPEG keeps it in the frame header, which follows EXIF and ICC segments, usually well
 * within 64 KiB. Decoding stops there, so a 20 MB image costs no more than a small one.
 */
const SNIFF_BYTES = 65_536;
const SNIFF_BASE64_CHARS = Math.ceil(SNIFF_BYTES / 3) * 4;
/** A data URL's media type and parameters end long before this; the comma must appear here. */
const MAX_DATA_URL_HEADER_CHARS = 256;

type Bytes = string;

function u16be(bytes: Bytes, offset: number): number {
  return (bytes.charCodeAt(offset) << 8) | bytes.charCodeAt(offset + 1);
}

function u16le(bytes: Bytes, offset: number): number {
  return bytes.charCodeAt(offset) | (bytes.charCodeAt(offset + 1) << 8);
}

function u24le(bytes: Bytes, offset: number): number {
  return u16le(bytes, offset) | (bytes.charCodeAt(offset + 2) << 16);
}

function u32be(bytes: Bytes, offset: number): number {
  return u16be(bytes, offset) * 65_536 + u16be(bytes, offset + 2);
}

function pngSize(bytes: Bytes): ImageSize | undefined {
  if (!bytes.startsWith('\x89PNG\r\n\x1a\n') || bytes.slice(12, 16) !== 'IHDR' || bytes.length < 24) {
    return undefined;
  }
  return { width: u32be(bytes, 16), height: u32be(bytes, 20) };
}

function gifSize(bytes: Bytes): ImageSize | undefined {
  if (!(bytes.startsWith('GIF87a') || bytes.startsWith('GIF89a')) || bytes.length < 10) return undefined;
  return { width: u16le(bytes, 6), height: u16le(bytes, 8) };
}

function webpSize(bytes: Bytes): ImageSize | undefined {
  if (!bytes.startsWith('RIFF') || bytes.slice(8, 12) !== 'WEBP' || bytes.length < 30) return undefined;
  switch (bytes.slice(12, 16)) {
    case 'VP8 ': // lossy: frame tag, start code 9d 01 2a, then 14-bit sides
      if (bytes.slice(23, 26) !== '\x9d\x01\x2a') return undefined;
      return { width: u16le(bytes, 26) & 0x3fff, height: u16le(bytes, 28) & 0x3fff };
    case 'VP8L': {
      // lossless: signature 0x2f, then width − 1 and height − 1 in 14 bits each
      if (bytes.charCodeAt(20) !== 0x2f) return undefined;
      const bits = u16le(bytes, 21) + u16le(bytes, 23) * 65_536;
      return { width: (bits & 0x3fff) + 1, height: (Math.floor(bits / 16_384) & 0x3fff) + 1 };
    }
    case 'VP8X': // extended: canvas width − 1 and height − 1 in 24 bits each
      return { width: u24le(bytes, 24) + 1, height: u24le(bytes, 27) + 1 };
    default:
      return undefined;
  }
}

/** Start-of-frame markers (baseline, progressive, lossless, arithmetic); DHT, JPG and DAC excluded. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(bytes: Bytes): ImageSize | undefined {
  if (bytes.charCodeAt(0) !== 0xff || bytes.charCodeAt(1) !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 <= bytes.length) {
    if (bytes.charCodeAt(offset) !== 0xff) return undefined;
    const marker = bytes.charCodeAt(offset + 1);
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (isStartOfFrame(marker)) {
      return { width: u16be(bytes, offset + 7), height: u16be(bytes, offset + 5) };
    }
    // Markers without a payload: TEM, RST0–7, SOI; everything else carries a 16-bit length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // end of image or scan data first
    offset += 2 + u16be(bytes, offset + 2);
  }
  return undefined;
}

function decodeBase64Prefix(base64: string): Bytes | undefined {
  const usable = base64.length - (base64.length % 4);
  try {
    return atob(base64.slice(0, usable));
  } catch {
    return undefined;
  }
}

/**
 * Width and height of a base64 PNG, JPEG, GIF or WebP data URL, read from its header only;
 * undefined for any other URL (remote images are never fetched) or an unreadable header.
 */
export function imageSizeFromDataUrl(url: string): ImageSize | undefined {
  if (url.slice(0, 5).toLowerCase() !== 'data:') return undefined;
  const comma = url.slice(0, MAX_DATA_URL_HEADER_CHARS).indexOf(',');
  if (comma < 0 || !url.slice(5, comma).toLowerCase().endsWith(';base64')) return undefined;
  const bytes = decodeBase64Prefix(url.slice(comma + 1, comma + 1 + SNIFF_BASE64_CHARS));
  if (bytes === undefined) return undefined;
  const size = pngSize(bytes) ?? jpegSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes);
  return size !== undefined && size.width > 0 && size.height > 0 ? size : undefined;
}
