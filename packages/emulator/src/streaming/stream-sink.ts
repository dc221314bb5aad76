import type { ServerResponse } from 'node:http';

/** Where a token stream writes its bytes. */
export interface StreamSink {
  /** True once the client is gone or the response ended; nothing may be written then. */
  readonly closed: boolean;
  /** Writes `text`; false means the socket buffer is full and the writer must wait for `onDrain`. */
  write(text: string): boolean;
  /** Calls `callback` once when the buffer has drained (never after close). */
  onDrain(callback: () => void): void;
  end(): void;
}

/**
 * A sink over Node's response. Closing is detected from the response's `close` event, which fires both
 * when the client disconnects and after a normal end; `onClose` runs once either way.
 */
export class ResponseSink implements StreamSink {
  readonly #response: ServerResponse;
  #closed = false;
  #drainCallback: (() => void) | null = null;

  constructor(response: ServerResponse, onClose: () => void) {
    this.#response = response;
    response.once('close', () => {
      this.#closed = true;
      if (this.#drainCallback !== null) response.removeListener('drain', this.#drainCallback);
      this.#drainCallback = null;
      onClose();
    });
  }

  get closed(): boolean {
    return this.#closed || this.#response.destroyed || this.#response.writableEnded;
  }

  /** Sends status and headers, and turns off Nagle so every token leaves at once. */
  open(statusCode: number, headers: Record<string, string>): void {
    // In-process injection (tests) has a socket stand-in without setNoDelay.
    const socket = this.#response.socket;
    if (typeof socket?.setNoDelay === 'function') socket.setNoDelay(true);
    this.#response.writeHead(statusCode, headers);
  }

  write(text: string): boolean {
    if (this.closed) return false;
    return this.#response.write(text);
  }

  onDrain(callback: () => void): void {
    if (this.closed) return;
    const onDrain = (): void => {
      this.#drainCallback = null;
      callback();
    };
    this.#drainCallback = onDrain;
    this.#response.once('drain', onDrain);
  }

  end(): void {
    if (!this.closed) this.#response.end();
  }
}
