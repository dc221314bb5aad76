import type { ResponseOutputItem } from '@tokenpace/core';
import { answerPrimary, askPrimary, type WorkerAnswers } from '../cluster/ipc.js';
import type { ResponseStore, StoredResponse } from './response-store.js';

/** What workers ask each other, through the primary, for a response they do not hold. */
const LOOKUP_TOPIC = 'responses.lookup';
const DELETE_TOPIC = 'responses.delete';
/** A lookup that reaches every worker; a worker that cannot answer in time counts as not holding it. */
const LOOKUP_TIMEOUT_MS = 1_000;

/** The response id an item id belongs to: `msg_`/`fc_` ids end in their response's suffix. */
function responseIdOfItem(itemId: string): string | null {
  const match = /^(?:msg|fc)_([0-9a-f]{48})[0-9a-f]{2}$/.exec(itemId);
  return match === null ? null : `resp_${match[1]}`;
}

/**
 * Stored responses of the whole server. Each process keeps its own recent responses; with several workers, a
 * response another worker answered is found by asking every worker through the primary (an IPC round trip,
 * only on a local miss), so `previous_response_id`, item references and `GET /v1/responses/{id}` work
 * whichever worker the connection lands on.
 */
export class ResponseLookup {
  readonly #store: ResponseStore;
  readonly #shared: boolean;

  constructor(store: ResponseStore, shared: boolean) {
    this.#store = store;
    this.#shared = shared;
    if (shared) {
      answerPrimary(LOOKUP_TOPIC, (id) => store.get(String(id)) ?? null);
      answerPrimary(DELETE_TOPIC, (id) => store.delete(String(id)));
    }
  }

  put(entry: StoredResponse): void {
    this.#store.put(entry);
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const local = this.#store.get(id);
    if (local !== undefined || !this.#shared) return local;
    const { answers } = (await askPrimary(LOOKUP_TOPIC, LOOKUP_TIMEOUT_MS, id)) as WorkerAnswers;
    return (answers.find((answer) => answer !== null) ?? undefined) as StoredResponse | undefined;
  }

  /** The stored items `input` refers to (`item_reference`s), by id; unknown ones are left out. */
  async referencedItems(input: unknown): Promise<Map<string, ResponseOutputItem>> {
    const items = new Map<string, ResponseOutputItem>();
    if (!Array.isArray(input)) return items;
    for (const entry of input as { type?: unknown; id?: unknown }[]) {
      if (entry.type !== 'item_reference' || typeof entry.id !== 'string') continue;
      const responseId = responseIdOfItem(entry.id);
      if (responseId === null) continue;
      const item = (await this.get(responseId))?.final.output.find((each) => each.id === entry.id);
      if (item !== undefined) items.set(entry.id, item);
    }
    return items;
  }

  async delete(id: string): Promise<boolean> {
    if (this.#store.delete(id)) return true;
    if (!this.#shared) return false;
    const { answers } = (await askPrimary(DELETE_TOPIC, LOOKUP_TIMEOUT_MS, id)) as WorkerAnswers;
    return answers.includes(true);
  }
}
