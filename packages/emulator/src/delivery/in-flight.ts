import type { Clock, TimerHandle } from '../clock.js';
import type { ApiError } from '../errors/api-error.js';

/** A response the server may have to end early (on shutdown, or by an injected fault). */
export interface Interruptible {
  /** Ends the response at once with `error`: a mid-stream error event, or an error body. */
  interrupt(error: ApiError): void;
}

/** A stream as the registry sees it. */
export interface TrackedStream extends Interruptible {
  /** Bytes written to the socket and not yet taken by the kernel. */
  readonly bufferedBytes: number;
  /** Cuts the connection: the client stopped reading for longer than the limit. */
  stall(): void;
}

export interface InFlightOptions {
  /** A stream whose client has not read for this long is cut; 0 waits for ever. */
  maxBlockedMs: number;
}

/** Streams and waiting responses of one server process, as `/stats` reports them. */
export interface InFlightStats {
  /** Streams open now. */
  activeStreams: number;
  /** Non-streamed responses waiting for their deadline now. */
  waitingResponses: number;
  /** Open streams waiting for their client to read (socket buffer full). */
  pausedStreams: number;
  /** Bytes written to open streams' sockets and not yet taken by the kernel. */
  bufferedBytes: number;
  /** Times since start that a stream had to wait for its client to read. */
  pauses: number;
  /** Time streams spent waiting for their clients, summed, since start (ms). */
  blockedMs: number;
  /** Longest single wait of a stream for its client (ms). */
  maxBlockedMs: number;
  /** Streams cut because their client did not read for the limit. */
  stalledStreams: number;
  /** Streams and responses the server ended early with an error (shutdown). */
  interrupted: number;
}

/**
 * Every stream and waiting response of the server: what shutdown ends when its grace period runs out, what the
 * concurrency limit and `/stats` count, and the watch over streams whose client stopped reading. Paused streams
 * are kept in pause order, so one timer (for the oldest) watches them all.
 */
export class InFlightResponses {
  readonly #clock: Clock;
  readonly #stallAfterMs: number;
  readonly #streams = new Set<TrackedStream>();
  readonly #waiting = new Set<Interruptible>();
  /** Paused streams by the clock time their pause began, oldest first. */
  readonly #paused = new Map<TrackedStream, number>();
  #stallTimer: TimerHandle | null = null;
  #pauses = 0;
  #blockedMs = 0;
  #maxBlockedMs = 0;
  #stalled = 0;
  #interrupted = 0;

  constructor(clock: Clock, options: InFlightOptions) {
    this.#clock = clock;
    this.#stallAfterMs = options.maxBlockedMs;
  }

  get size(): number {
    return this.#streams.size + this.#waiting.size;
  }

  addStream(stream: TrackedStream): void {
    this.#streams.add(stream);
  }

  deleteStream(stream: TrackedStream): void {
    this.#streams.delete(stream);
    if (this.#paused.delete(stream) && this.#paused.size === 0) this.#disarm();
  }

  addWaiting(response: Interruptible): void {
    this.#waiting.add(response);
  }

  deleteWaiting(response: Interruptible): void {
    this.#waiting.delete(response);
  }

  /** `stream` wrote into a full socket buffer at `atMs` and waits for `drain`. */
  paused(stream: TrackedStream, atMs: number): void {
    this.#pauses += 1;
    this.#paused.delete(stream);
    this.#paused.set(stream, atMs);
    if (this.#stallTimer === null) this.#arm();
  }

  /** `stream`'s client read again at `atMs`; returns how long it was blocked (ms). */
  resumed(stream: TrackedStream, atMs: number): number {
    const pausedAtMs = this.#paused.get(stream);
    if (pausedAtMs === undefined) return 0;
    this.#paused.delete(stream);
    if (this.#paused.size === 0) this.#disarm();
    const blockedMs = Math.max(0, atMs - pausedAtMs);
    this.#blockedMs += blockedMs;
    if (blockedMs > this.#maxBlockedMs) this.#maxBlockedMs = blockedMs;
    return blockedMs;
  }

  /** Ends every stream and waiting response with `error`; returns how many there were. */
  interruptAll(error: ApiError): number {
    const entries = [...this.#streams, ...this.#waiting];
    for (const entry of entries) entry.interrupt(error);
    this.#interrupted += entries.length;
    return entries.length;
  }

  stats(): InFlightStats {
    let bufferedBytes = 0;
    for (const stream of this.#streams) bufferedBytes += stream.bufferedBytes;
    return {
      activeStreams: this.#streams.size,
      waitingResponses: this.#waiting.size,
      pausedStreams: this.#paused.size,
      bufferedBytes,
      pauses: this.#pauses,
      blockedMs: Math.round(this.#blockedMs * 1000) / 1000,
      maxBlockedMs: Math.round(this.#maxBlockedMs * 1000) / 1000,
      stalledStreams: this.#stalled,
      interrupted: this.#interrupted,
    };
  }

  /** Stops the stall watch (shutdown); streams stay registered. */
  stop(): void {
    this.#disarm();
  }

  #arm(): void {
    if (this.#stallAfterMs === 0) return;
    const oldest = this.#paused.values().next();
    if (oldest.done === true) return;
    const delayMs = oldest.value + this.#stallAfterMs - this.#clock.now();
    this.#stallTimer = this.#clock.setTimeout(this.#checkStalls, Math.max(1, Math.ceil(delayMs)));
  }

  #disarm(): void {
    if (this.#stallTimer !== null) this.#clock.clearTimeout(this.#stallTimer);
    this.#stallTimer = null;
  }

  readonly #checkStalls = (): void => {
    this.#stallTimer = null;
    const nowMs = this.#clock.now();
    for (const [stream, pausedAtMs] of this.#paused) {
      if (nowMs - pausedAtMs < this.#stallAfterMs) break;
      this.resumed(stream, nowMs);
      this.#stalled += 1;
      stream.stall();
    }
    if (this.#stallTimer === null) this.#arm();
  };
}
