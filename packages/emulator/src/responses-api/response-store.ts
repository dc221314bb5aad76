import type { ResponseObject } from '@tokenpace/core';

/** Most responses kept for `GET /v1/responses/{id}` and `previous_response_id`; the oldest go first. */
export const MAX_STORED_RESPONSES = 10_000;
/** Most characters of output text kept over all stored responses (about 128 MiB of strings at most). */
export const MAX_STORED_OUTPUT_CHARS = 64 * 1024 * 1024;

/** What a later request needs of a stored response. */
export interface StoredResponse {
  /** The response as it ends. */
  final: ResponseObject;
  /** The response while it is still under way (status `in_progress`, no output, no usage). */
  inProgress: ResponseObject;
  /** Wall-clock time (Unix ms) at which it ends, comparable across workers: before it, a retrieval gets `inProgress`. */
  endsAtEpochMs: number;
  /** Input tokens of the whole conversation up to this response, and its output tokens. */
  inputTokens: number;
  outputTokens: number;
  /** `call_id`s of the function calls it made: a later `function_call_output` may answer them. */
  callIds: readonly string[];
  /** Characters of output text it holds, for the store's bound. */
  outputChars: number;
}

/**
 * Recent responses of this process, for `previous_response_id` and retrieval: bounded by count and by the
 * characters of output they hold, dropping the oldest first. A deleted or evicted response is gone, as an
 * expired one is in the API.
 */
export class ResponseStore {
  readonly #entries = new Map<string, StoredResponse>();
  readonly #maxEntries: number;
  readonly #maxOutputChars: number;
  #outputChars = 0;

  constructor(maxEntries = MAX_STORED_RESPONSES, maxOutputChars = MAX_STORED_OUTPUT_CHARS) {
    this.#maxEntries = maxEntries;
    this.#maxOutputChars = maxOutputChars;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(id: string): StoredResponse | undefined {
    return this.#entries.get(id);
  }

  put(entry: StoredResponse): void {
    this.delete(entry.final.id);
    this.#entries.set(entry.final.id, entry);
    this.#outputChars += entry.outputChars;
    for (const [id, oldest] of this.#entries) {
      if (this.#entries.size <= this.#maxEntries && this.#outputChars <= this.#maxOutputChars) break;
      if (oldest === entry) break;
      this.delete(id);
    }
  }

  delete(id: string): boolean {
    const entry = this.#entries.get(id);
    if (entry === undefined) return false;
    this.#entries.delete(id);
    this.#outputChars -= entry.outputChars;
    return true;
  }
}
