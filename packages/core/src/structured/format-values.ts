import { FOLLOWING_PIECES } from '../tokens/pieces.generated.js';

type Rng = () => number;

function integerBetween(rng: Rng, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** A lowercase word of letters only, for hosts and mailboxes. */
function plainWord(rng: Rng): string {
  for (;;) {
    const word = (FOLLOWING_PIECES[Math.floor(rng() * FOLLOWING_PIECES.length)] as string).trim();
    if (/^[a-z]+$/.test(word)) return word;
  }
}

function hex(rng: Rng, digits: number): string {
  let text = '';
  for (let index = 0; index < digits; index++) text += Math.floor(rng() * 16).toString(16);
  return text;
}

function date(rng: Rng): string {
  return `${integerBetween(rng, 2019, 2026)}-${twoDigits(integerBetween(rng, 1, 12))}-${twoDigits(integerBetween(rng, 1, 28))}`;
}

function time(rng: Rng): string {
  return `${twoDigits(integerBetween(rng, 0, 23))}:${twoDigits(integerBetween(rng, 0, 59))}:${twoDigits(integerBetween(rng, 0, 59))}Z`;
}

const FORMATS: Record<string, (rng: Rng) => string> = {
  date,
  time,
  'date-time': (rng) => `${date(rng)}T${time(rng)}`,
  duration: (rng) => `P${integerBetween(rng, 1, 30)}D`,
  email: (rng) => `${plainWord(rng)}.${plainWord(rng)}@example.com`,
  'idn-email': (rng) => `${plainWord(rng)}@example.com`,
  hostname: (rng) => `${plainWord(rng)}.example.com`,
  'idn-hostname': (rng) => `${plainWord(rng)}.example.com`,
  ipv4: (rng) =>
    `10.${integerBetween(rng, 0, 255)}.${integerBetween(rng, 0, 255)}.${integerBetween(rng, 1, 254)}`,
  ipv6: (rng) => `2001:db8::${hex(rng, 4)}`,
  uuid: (rng) =>
    `${hex(rng, 8)}-${hex(rng, 4)}-4${hex(rng, 3)}-${'89ab'[integerBetween(rng, 0, 3)]}${hex(rng, 3)}-${hex(rng, 12)}`,
  uri: (rng) => `https://example.com/${plainWord(rng)}`,
  'uri-reference': (rng) => `https://example.com/${plainWord(rng)}`,
  iri: (rng) => `https://example.com/${plainWord(rng)}`,
  'iri-reference': (rng) => `https://example.com/${plainWord(rng)}`,
  url: (rng) => `https://example.com/${plainWord(rng)}`,
  'uri-template': (rng) => `https://example.com/${plainWord(rng)}/{id}`,
  'json-pointer': (rng) => `/${plainWord(rng)}`,
  'relative-json-pointer': () => '0',
  regex: () => '^[a-z]+$',
  byte: () => 'dG9rZW5wYWNl',
};

/** A value of string format `format` (the ones ajv-formats checks), or null for a format it does not know. */
export function formatValue(format: string, rng: Rng): string | null {
  const make = FORMATS[format];
  return make === undefined ? null : make(rng);
}
