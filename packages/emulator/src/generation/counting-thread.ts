import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ENCODING_NAMES, type EncodingName, TokensError, type TokensErrorCode } from '@tokenpace/core';
import { prebuiltRankDirectory, rankFileName } from './rank-tables.js';

/** What a prompt is: the three request shapes the formulas in core count. */
export type PromptKind = 'chat' | 'completion' | 'embedding';

/**
 * The thread's whole program. It is plain JavaScript given as text, so that it runs the same from the build and
 * from the TypeScript source under test; it loads core (and, on first use, core's tokenizer tables, from the
 * same prebuilt rank files as the event loop when there are some) in the thread, and answers each count with
 * the same functions the event loop would have called.
 */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
import(workerData.coreUrl).then((core) => {
  const rankFiles = workerData.rankFiles;
  if (rankFiles !== null) {
    core.usePrebuiltRankTables((encoding) => {
      try {
        return core.ByteRankTable.fromBinary(readFileSync(new URL(rankFiles[encoding])));
      } catch (error) {
        if (error && error.code === 'ENOENT') return undefined;
        throw error;
      }
    });
  }
  const count = {
    chat: core.countChatPromptTokens,
    completion: core.countCompletionPromptTokens,
    embedding: core.countEmbeddingInputTokens,
  };
  parentPort.on('message', ({ id, kind, input, encoding }) => {
    try {
      parentPort.postMessage({ id, tokens: count[kind](input, encoding) });
    } catch (error) {
      parentPort.postMessage({
        id,
        error: { name: error && error.name, code: error && error.code, message: String(error && error.message) },
      });
    }
  });
});
`;

interface ThreadAnswer {
  id: number;
  tokens?: number;
  error?: { name: string | undefined; code: string | undefined; message: string };
}

interface PendingCount {
  resolve(tokens: number): void;
  reject(error: Error): void;
}

function coreModuleUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('@tokenpace/core')).href;
}

/** URL of each encoding's prebuilt rank file, or null when this process builds its tables from the text. */
function rankFileUrls(): Record<EncodingName, string> | null {
  const directory = prebuiltRankDirectory();
  if (directory === null) return null;
  return Object.fromEntries(
    ENCODING_NAMES.map((encoding) => [encoding, new URL(rankFileName(encoding), directory).href]),
  ) as Record<EncodingName, string>;
}

/**
 * One worker thread that counts prompt tokens exactly, so that a huge or pathological prompt never blocks the
 * event loop (and every stream's deadlines on it). Started on first use, so a server that never sees a large
 * prompt never pays for it; it holds its own copy of the tokenizer tables and of core's count cache, so repeated
 * large prompts are cheap there too. The thread never keeps the process alive.
 */
export class CountingThread {
  #worker: Worker | null = null;
  readonly #pending = new Map<number, PendingCount>();
  #nextId = 1;

  count(kind: PromptKind, input: unknown, encoding: EncodingName): Promise<number> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    return new Promise<number>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, kind, input, encoding });
    });
  }

  /** Counts still waiting for the thread. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Stops the thread; pending counts fail. */
  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker !== null) await worker.terminate();
    this.#failAll(new Error('the prompt counting thread was stopped'));
  }

  #start(): Worker {
    const worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { coreUrl: coreModuleUrl(), rankFiles: rankFileUrls() },
    });
    worker.unref();
    worker.on('message', (answer: ThreadAnswer) => this.#settle(answer));
    // A thread that fails is replaced on next use; what it was counting fails with it.
    worker.on('error', (error: Error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`the prompt counting thread exited (${code})`)));
    this.#worker = worker;
    return worker;
  }

  #settle(answer: ThreadAnswer): void {
    const pending = this.#pending.get(answer.id);
    if (pending === undefined) return;
    this.#pending.delete(answer.id);
    if (answer.error === undefined) {
      pending.resolve(answer.tokens as number);
      return;
    }
    const { name, code, message } = answer.error;
    pending.reject(
      name === 'TokensError' ? new TokensError(code as TokensErrorCode, message) : new Error(message),
    );
  }

  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const count of pending) count.reject(error);
  }
}
