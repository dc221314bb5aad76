import { type FileHandle, open } from 'node:fs/promises';

export interface AppenderOptions {
  /** How often buffered lines are written (they are also written once 64 KiB wait). */
  flushIntervalMs?: number;
  /** Lines waiting beyond this many characters (a disk that cannot keep up) are dropped and counted. */
  maxBufferedChars?: number;
}

const DEFAULT_FLUSH_INTERVAL_MS = 200;
const FLUSH_AT_CHARS = 64 * 1024;
const DEFAULT_MAX_BUFFERED_CHARS = 64 * 1024 * 1024;

/**
 * Appends JSON lines to a file, buffered: a line costs a string push, and one write every 200 ms (or 64 KiB)
 * carries them all, off the request path. The file is opened for appending (O_APPEND), and every write holds
 * whole lines, so several processes can append to one file on a local file system without tearing lines.
 */
export class JsonLinesAppender {
  readonly path: string;
  readonly #handle: FileHandle;
  readonly #maxBufferedChars: number;
  readonly #timer: NodeJS.Timeout;
  #lines: string[] = [];
  #bufferedChars = 0;
  #writing: Promise<void> | null = null;
  #dropped = 0;
  #failure: Error | null = null;
  #closed = false;

  private constructor(path: string, handle: FileHandle, options: AppenderOptions) {
    this.path = path;
    this.#handle = handle;
    this.#maxBufferedChars = options.maxBufferedChars ?? DEFAULT_MAX_BUFFERED_CHARS;
    this.#timer = setInterval(() => void this.flush(), options.flushIntervalMs ?? DEFAULT_FLUSH_INTERVAL_MS);
    this.#timer.unref();
  }

  /** Opens (creating if needed) `path` for appending; rejects when it cannot be opened. */
  static async open(path: string, options: AppenderOptions = {}): Promise<JsonLinesAppender> {
    return new JsonLinesAppender(path, await open(path, 'a'), options);
  }

  /** Lines dropped because the buffer was full, or because writing failed. */
  get dropped(): number {
    return this.#dropped;
  }

  /** The first write error, if writing failed (later lines are then dropped). */
  get failure(): Error | null {
    return this.#failure;
  }

  /** Queues one record as a line. */
  append(record: unknown): void {
    if (this.#closed || this.#failure !== null || this.#bufferedChars > this.#maxBufferedChars) {
      this.#dropped += 1;
      return;
    }
    const line = `${JSON.stringify(record)}\n`;
    this.#lines.push(line);
    this.#bufferedChars += line.length;
    if (this.#bufferedChars >= FLUSH_AT_CHARS && this.#writing === null) void this.flush();
  }

  /** Writes every queued line; resolves once they are in the file (or dropped after a failure). */
  async flush(): Promise<void> {
    while (this.#writing !== null) await this.#writing;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('');
    const count = this.#lines.length;
    this.#lines = [];
    this.#bufferedChars = 0;
    this.#writing = this.#write(Buffer.from(text, 'utf8'), count);
    try {
      await this.#writing;
    } finally {
      this.#writing = null;
    }
  }

  /** Writes what is queued and closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    clearInterval(this.#timer);
    await this.flush();
    this.#closed = true;
    await this.#handle.close();
  }

  async #write(buffer: Buffer, lines: number): Promise<void> {
    try {
      let offset = 0;
      // A regular file takes a whole write at once; the loop only guards against a short write.
      while (offset < buffer.length) {
        const { bytesWritten } = await this.#handle.write(buffer, offset);
        offset += bytesWritten;
      }
    } catch (error) {
      this.#failure ??= error instanceof Error ? error : new Error(String(error));
      this.#dropped += lines;
    }
  }
}
