/**
 * A short string that matches a regular expression, for the simple patterns tool schemas use:
 * literals, classes (`[A-Z0-9_-]`, `\d`, `\w`, `.`), groups, alternation and quantifiers, with
 * anchors. Lookarounds and backreferences are out of scope: {@link samplePattern} returns null for
 * them, as for any sample the real engine does not confirm.
 */

type Rng = () => number;

interface Repeat {
  readonly choices: readonly Repeat[][] | null;
  readonly characters: string | null;
  readonly min: number;
  readonly max: number;
}

/** Characters a class may draw from: printable ASCII, readable ones first. */
const PRINTABLE =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.,:;/!?@#$%&*+=()[]{}<>~^|\'"`\\';
const DIGITS = '0123456789';
const WORD = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_';
const SPACE = ' ';

class Unsupported extends Error {}

class PatternParser {
  private index = 0;

  constructor(private readonly pattern: string) {}

  parse(): Repeat[][] {
    const alternatives = this.alternatives();
    if (this.index < this.pattern.length) throw new Unsupported();
    return alternatives;
  }

  private peek(): string | undefined {
    return this.pattern[this.index];
  }

  private alternatives(): Repeat[][] {
    const alternatives: Repeat[][] = [this.sequence()];
    while (this.peek() === '|') {
      this.index++;
      alternatives.push(this.sequence());
    }
    return alternatives;
  }

  private sequence(): Repeat[] {
    const sequence: Repeat[] = [];
    for (let next = this.peek(); next !== undefined && next !== '|' && next !== ')'; next = this.peek()) {
      if (next === '^' || next === '$') {
        this.index++;
        continue;
      }
      const atom = this.atom();
      const [min, max] = this.quantifier();
      sequence.push({ ...atom, min, max });
    }
    return sequence;
  }

  private atom(): { choices: Repeat[][] | null; characters: string | null } {
    const character = this.pattern[this.index++] as string;
    if (character === '(') {
      if (this.peek() === '?') {
        if (this.pattern[this.index + 1] !== ':') throw new Unsupported();
        this.index += 2;
      }
      const choices = this.alternatives();
      if (this.pattern[this.index++] !== ')') throw new Unsupported();
      return { choices, characters: null };
    }
    if (character === '[') return { choices: null, characters: this.characterClass() };
    if (character === '.') return { choices: null, characters: PRINTABLE.slice(0, 62) };
    if (character === '\\') return { choices: null, characters: this.escape(false) };
    if ('*+?{'.includes(character)) throw new Unsupported();
    return { choices: null, characters: character };
  }

  private escape(inClass: boolean): string {
    const character = this.pattern[this.index++];
    switch (character) {
      case 'd':
        return DIGITS;
      case 'w':
        return WORD;
      case 's':
        return SPACE;
      case 'D':
        return PRINTABLE.replace(/[0-9]/g, '');
      case 'W':
        return ' -.,:;/!?@#';
      case 'S':
        return PRINTABLE.replace(' ', '');
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 'x':
      case 'u': {
        const length = character === 'x' ? 2 : 4;
        const hex = this.pattern.slice(this.index, this.index + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new Unsupported();
        this.index += length;
        return String.fromCharCode(Number.parseInt(hex, 16));
      }
      case undefined:
        throw new Unsupported();
      default:
        // Backreferences and word boundaries change what may follow; a sample cannot honour them here.
        if (/[0-9bBkpP]/.test(character) && !inClass) throw new Unsupported();
        if (/[0-9pP]/.test(character)) throw new Unsupported();
        return character;
    }
  }

  private characterClass(): string {
    const negated = this.peek() === '^';
    if (negated) this.index++;
    let members = '';
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      const character = this.pattern[this.index++];
      if (character === undefined) throw new Unsupported();
      let start = character === '\\' ? this.escape(true) : character;
      if (start.length === 1 && this.peek() === '-' && this.pattern[this.index + 1] !== ']') {
        this.index++;
        const endCharacter = this.pattern[this.index++];
        const end = endCharacter === '\\' ? this.escape(true) : endCharacter;
        if (end === undefined || end.length !== 1) throw new Unsupported();
        let range = '';
        for (let code = start.charCodeAt(0); code <= end.charCodeAt(0) && range.length < 256; code++) {
          range += String.fromCharCode(code);
        }
        start = range;
      }
      members += start;
    }
    this.index++;
    if (!negated) return members;
    const outside = [...PRINTABLE].filter((character) => !members.includes(character)).join('');
    if (outside === '') throw new Unsupported();
    return outside;
  }

  private quantifier(): [number, number] {
    const character = this.peek();
    let bounds: [number, number] = [1, 1];
    if (character === '*') bounds = [0, Number.POSITIVE_INFINITY];
    else if (character === '+') bounds = [1, Number.POSITIVE_INFINITY];
    else if (character === '?') bounds = [0, 1];
    else if (character === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.pattern.slice(this.index));
      if (match === null) return bounds;
      const min = Number(match[1]);
      const max =
        match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
      this.index += match[0].length - 1;
      bounds = [min, max];
    } else {
      return bounds;
    }
    this.index++;
    if (this.peek() === '?') this.index++;
    return bounds;
  }
}

/** Prefers letters and digits, so samples read as identifiers. */
function pickCharacter(characters: string, rng: Rng): string {
  const readable = characters.replace(/[^A-Za-z0-9]/g, '');
  const pool = readable.length > 0 ? readable : characters;
  return pool[Math.floor(rng() * pool.length)] as string;
}

function emit(sequence: readonly Repeat[], rng: Rng, out: string[]): void {
  for (const repeat of sequence) {
    // One repetition at least where the pattern allows it: an optional part is usually the readable one.
    const count = Math.max(repeat.min, Math.min(repeat.max, repeat.min === 0 ? 1 : repeat.min));
    for (let round = 0; round < count; round++) {
      if (repeat.characters !== null) out.push(pickCharacter(repeat.characters, rng));
      else if (repeat.choices !== null) {
        emit(repeat.choices[Math.floor(rng() * repeat.choices.length)] as Repeat[], rng, out);
      }
    }
  }
}

/** A sample of `pattern` that `new RegExp(pattern, 'u')` accepts, or null when none is found. */
export function samplePattern(pattern: string, rng: Rng): string | null {
  let alternatives: Repeat[][];
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'u');
    alternatives = new PatternParser(pattern).parse();
  } catch {
    return null;
  }
  for (let attempt = 0; attempt < 8; attempt++) {
    const out: string[] = [];
    emit(alternatives[Math.floor(rng() * alternatives.length)] as Repeat[], rng, out);
    const sample = out.join('');
    if (regex.test(sample)) return sample;
  }
  return null;
}
