import type { Clock } from '../../src/clock.js';
import type { StreamSink } from '../../src/delivery/stream-sink.js';

export interface RecordedWrite {
  atMs: number;
  text: string;
}

/** A sink that records every write with the clock time, and can simulate a full socket buffer. */
export class RecordingSink implements StreamSink {
  readonly writes: RecordedWrite[] = [];
  ended = false;
  closed = false;
  destroyed = false;
  /** What `bufferedBytes` reports: set by a test to stand for a client that does not read. */
  bufferedBytes = 0;
  /** When true, every write reports a full buffer until `drain()` is called. */
  full = false;
  readonly #clock: Clock;
  #drainCallback: (() => void) | null = null;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get text(): string {
    return this.writes.map((write) => write.text).join('');
  }

  write(text: string): boolean {
    if (this.closed || this.ended) throw new Error('write after close');
    this.writes.push({ atMs: this.#clock.now(), text });
    return !this.full;
  }

  onDrain(callback: () => void): void {
    this.#drainCallback = callback;
  }

  end(): void {
    if (this.closed || this.ended) throw new Error('end after close');
    this.ended = true;
  }

  destroy(): void {
    this.destroyed = true;
    this.closed = true;
  }

  drain(): void {
    this.full = false;
    const callback = this.#drainCallback;
    this.#drainCallback = null;
    callback?.();
  }

  get waitingForDrain(): boolean {
    return this.#drainCallback !== null;
  }
}
