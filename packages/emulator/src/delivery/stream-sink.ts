import type { ServerResponse } from 'node:http';
import { Socket } from 'node:net';

/** Where a token stream writes its bytes. */
export interface StreamSink {
  /** True once the client is gone or the response ended; nothing may be written then. */
  readonly closed: boolean;
  /** Writes `text`; false means the socket buffer is full and the writer must wait for `onDrain`. */
  write(text: string): boolean;
  /** Calls `callback` once when the buffer has drained (never after close). */
  onDrain(callback: () => void): void;
  end(): void;
  /** Cuts the connection at once, without a proper end (a stalled client, an injected fault). */
  destroy(): void;
  /** Bytes written but not yet taken by the kernel: what a client that does not read costs in memory. */
  readonly bufferedBytes: number;
}

const CRLF = '\r\n';

/**
 * A sink over Node's response. Closing is detected from the response's `close` event, which fires both
 * when the client disconnects and after a normal end; `onClose` runs once either way.
 *
 * Once the headers are on the wire, each write goes to the socket as one ready-framed HTTP chunk: Node's
 * `response.write` would cork the socket, defer the flush to the next tick and send four buffers per
 * chunk, which costs more than the token itself at tens of thousands of tokens per second. Node still
 * writes the headers and, on `end`, the terminating chunk, so keep-alive works as usual. Anything other
 * than a plain socket with chunked encoding (HTTP/1.0, in-process injection) goes through `response.write`.
 */
export class ResponseSink implements StreamSink {
  readonly #response: ServerResponse;
  #socket: Socket | null = null;
  #closed = false;
  #drainCallback: (() => void) | null = null;

  constructor(response: ServerResponse, onClose: () => void) {
    this.#response = response;
    response.once('close', () => {
      this.#closed = true;
      if (this.#drainCallback !== null) this.#drainEmitter().removeListener('drain', this.#drainCallback);
      this.#drainCallback = null;
      onClose();
    });
  }

  get closed(): boolean {
    return this.#closed || this.#response.destroyed || this.#response.writableEnded;
  }

  /** Sends status and headers at once, and turns off Nagle so every token leaves when written. */
  open(statusCode: number, headers: Record<string, string>): void {
    const response = this.#response;
    const socket = response.socket;
    if (socket instanceof Socket) socket.setNoDelay(true);
    response.writeHead(statusCode, headers);
    response.flushHeaders();
    // Direct writes are safe only when nothing of this response is still queued inside Node's HTTP layer.
    const queuedInResponse = response.writableLength - (socket?.writableLength ?? 0);
    if (socket instanceof Socket && response.chunkedEncoding && queuedInResponse === 0) this.#socket = socket;
  }

  write(text: string): boolean {
    if (this.closed) return false;
    const socket = this.#socket;
    if (socket === null) return this.#response.write(text);
    return socket.write(Buffer.byteLength(text).toString(16) + CRLF + text + CRLF);
  }

  onDrain(callback: () => void): void {
    if (this.closed) return;
    const onDrain = (): void => {
      this.#drainCallback = null;
      callback();
    };
    this.#drainCallback = onDrain;
    this.#drainEmitter().once('drain', onDrain);
  }

  end(): void {
    if (!this.closed) this.#response.end();
  }

  destroy(): void {
    if (!this.#response.destroyed) this.#response.destroy();
  }

  get bufferedBytes(): number {
    return this.#socket?.writableLength ?? this.#response.writableLength;
  }

  #drainEmitter(): Socket | ServerResponse {
    return this.#socket ?? this.#response;
  }
}
