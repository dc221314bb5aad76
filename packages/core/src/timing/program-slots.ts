import type { LatencyProgram } from './program.js';
import { tailCount } from './program.js';
import { parseLatencyProgram } from './program-parse.js';
import { TIMING_HEADER_DISPLAY_NAMES } from './resolve-timing.js';

/** A program with the tail counters of the requests that used it. */
export interface ProgramSlot {
  readonly program: LatencyProgram;
  readonly counters: Float64Array;
}

export interface ProgramSlotsOptions {
  /** Used when a request sends no header. */
  defaults: { ttft: LatencyProgram; itl: LatencyProgram };
  caps: { ttftMs: number; itlMs: number };
  /** Distinct header texts remembered per header; the least recently used is forgotten first. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 1024;

function slotOf(program: LatencyProgram): ProgramSlot {
  return { program, counters: new Float64Array(tailCount(program)) };
}

/**
 * The programs of one server: its defaults, and every TTFT and ITL header text seen, parsed once. Requests that
 * send the same text share one slot, so `tail(…,every=100,…)` counts across them and every 100th gets the tail.
 * Remembers at most `maxEntries` texts per header (a forgotten text starts counting afresh); invalid text is
 * not remembered, and throws TimingParseError naming the header each time.
 */
export class ProgramSlots {
  readonly #defaults: { ttft: ProgramSlot; itl: ProgramSlot };
  readonly #caps: { ttftMs: number; itlMs: number };
  readonly #maxEntries: number;
  readonly #ttft = new Map<string, ProgramSlot>();
  readonly #itl = new Map<string, ProgramSlot>();

  constructor(options: ProgramSlotsOptions) {
    this.#defaults = { ttft: slotOf(options.defaults.ttft), itl: slotOf(options.defaults.itl) };
    this.#caps = options.caps;
    this.#maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  }

  /** The slot of an `X-TTFT-MS` header value (`undefined`: header absent, the default). */
  ttft(headerText: string | undefined): ProgramSlot {
    if (headerText === undefined) return this.#defaults.ttft;
    return this.#lookup(this.#ttft, headerText, TIMING_HEADER_DISPLAY_NAMES.ttft, this.#caps.ttftMs);
  }

  /** The slot of an `X-ITL-MS` header value (`undefined`: header absent, the default). */
  itl(headerText: string | undefined): ProgramSlot {
    if (headerText === undefined) return this.#defaults.itl;
    return this.#lookup(this.#itl, headerText, TIMING_HEADER_DISPLAY_NAMES.itl, this.#caps.itlMs);
  }

  #lookup(slots: Map<string, ProgramSlot>, text: string, param: string, capMs: number): ProgramSlot {
    const known = slots.get(text);
    if (known !== undefined) {
      // Re-inserting moves the text to the young end of the Map's order.
      slots.delete(text);
      slots.set(text, known);
      return known;
    }
    const slot = slotOf(parseLatencyProgram(text, param, capMs));
    slots.set(text, slot);
    if (slots.size > this.#maxEntries) {
      const oldest = slots.keys().next();
      if (oldest.done !== true) slots.delete(oldest.value);
    }
    return slot;
  }
}
