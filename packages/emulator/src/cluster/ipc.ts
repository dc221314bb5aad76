import cluster, { type Worker } from 'node:cluster';

/**
 * Messages between the primary and its workers. They carry a `tokenpace` key, so that other users of the IPC
 * channel (prom-client's cluster metrics, node:cluster itself) never mistake them, nor we theirs.
 */
export type IpcMessage =
  | { tokenpace: 'ask'; id: number; topic: string; argument?: unknown }
  | { tokenpace: 'answer'; id: number; value?: unknown; error?: string }
  | { tokenpace: 'shutdown' };

/** How long an ask waits for an answer before giving up on it (a worker that is busy or gone). */
export const DEFAULT_ASK_TIMEOUT_MS = 2_000;

export class IpcError extends Error {
  readonly code: 'ipc_timeout' | 'ipc_failed' | 'ipc_unavailable';

  constructor(code: IpcError['code'], message: string) {
    super(message);
    this.name = 'IpcError';
    this.code = code;
  }
}

function isIpcMessage(message: unknown): message is IpcMessage {
  return typeof message === 'object' && message !== null && 'tokenpace' in message;
}

/** Answers a process is waiting for, by id; each side of the channel has its own. */
class PendingAsks {
  #nextId = 1;
  readonly #waiting = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }
  >();

  open(topic: string, timeoutMs: number): { id: number; answer: Promise<unknown> } {
    const id = this.#nextId++;
    const answer = new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(id);
        reject(new IpcError('ipc_timeout', `no answer to '${topic}' within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      this.#waiting.set(id, { resolve, reject, timer });
    });
    return { id, answer };
  }

  settle(message: { id: number; value?: unknown; error?: string }): void {
    const waiting = this.#waiting.get(message.id);
    if (waiting === undefined) return;
    this.#waiting.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.error === undefined) waiting.resolve(message.value);
    else waiting.reject(new IpcError('ipc_failed', message.error));
  }

  fail(id: number, error: Error): void {
    const waiting = this.#waiting.get(id);
    if (waiting === undefined) return;
    this.#waiting.delete(id);
    clearTimeout(waiting.timer);
    waiting.reject(error);
  }
}

/** Runs `handler` and turns its outcome into the answer message to `id`. */
async function answerWith(id: number, handler: () => unknown): Promise<IpcMessage> {
  try {
    return { tokenpace: 'answer', id, value: await handler() };
  } catch (error) {
    return { tokenpace: 'answer', id, error: error instanceof Error ? error.message : String(error) };
  }
}

// ---- worker side ----------------------------------------------------------------------------------------

const workerAnswerers = new Map<string, (argument: unknown) => unknown>();
const workerAsks = new PendingAsks();
const shutdownListeners: (() => void)[] = [];
let workerListening = false;

function listenAsWorker(): void {
  if (workerListening) return;
  workerListening = true;
  process.on('message', (message: unknown) => {
    if (!isIpcMessage(message)) return;
    switch (message.tokenpace) {
      case 'answer':
        workerAsks.settle(message);
        return;
      case 'ask': {
        const answerer = workerAnswerers.get(message.topic);
        void answerWith(message.id, () => {
          if (answerer === undefined) throw new Error(`this worker does not answer '${message.topic}'`);
          return answerer(message.argument);
        }).then((answer) => process.send?.(answer));
        return;
      }
      case 'shutdown':
        for (const listener of shutdownListeners) listener();
        return;
    }
  });
}

/**
 * In a worker: answers the primary's asks about `topic` with what `answer` returns (or resolves to), given the
 * ask's argument.
 */
export function answerPrimary(topic: string, answer: (argument: unknown) => unknown): void {
  workerAnswerers.set(topic, answer);
  listenAsWorker();
}

/**
 * In a worker: asks the primary about `topic`. The primary answers with its own handler for the topic, or by
 * default with the list of every worker's answer (this one's included).
 */
export function askPrimary(
  topic: string,
  timeoutMs = DEFAULT_ASK_TIMEOUT_MS,
  argument?: unknown,
): Promise<unknown> {
  if (process.send === undefined) {
    return Promise.reject(new IpcError('ipc_unavailable', 'this process has no primary to ask'));
  }
  listenAsWorker();
  const { id, answer } = workerAsks.open(topic, timeoutMs);
  process.send({ tokenpace: 'ask', id, topic, argument } satisfies IpcMessage, (error: Error | null) => {
    if (error) workerAsks.fail(id, new IpcError('ipc_failed', error.message));
  });
  return answer;
}

/** In a worker: calls `listener` when the primary asks the server to shut down gracefully. */
export function onPrimaryShutdown(listener: () => void): void {
  shutdownListeners.push(listener);
  listenAsWorker();
}

// ---- primary side ---------------------------------------------------------------------------------------

const primaryAsks = new PendingAsks();

export interface WorkerAnswers {
  /** The answers that arrived, in worker order. */
  answers: unknown[];
  /** Workers that did not answer in time, or failed to. */
  missing: number;
}

/** In the primary: asks one worker about `topic`. */
export function askWorker(
  worker: Worker,
  topic: string,
  timeoutMs = DEFAULT_ASK_TIMEOUT_MS,
  argument?: unknown,
): Promise<unknown> {
  const { id, answer } = primaryAsks.open(topic, timeoutMs);
  worker.send({ tokenpace: 'ask', id, topic, argument } satisfies IpcMessage, (error: Error | null) => {
    if (error) primaryAsks.fail(id, new IpcError('ipc_failed', error.message));
  });
  return answer;
}

/** In the primary: asks every live worker about `topic` at once and waits for all of them (or their timeout). */
export async function askEveryWorker(
  topic: string,
  timeoutMs = DEFAULT_ASK_TIMEOUT_MS,
  argument?: unknown,
): Promise<WorkerAnswers> {
  const workers = Object.values(cluster.workers ?? {}).filter(
    (worker): worker is Worker => worker?.isConnected() === true,
  );
  const settled = await Promise.allSettled(
    workers.map((worker) => askWorker(worker, topic, timeoutMs, argument)),
  );
  const answers: unknown[] = [];
  for (const outcome of settled) if (outcome.status === 'fulfilled') answers.push(outcome.value);
  return { answers, missing: settled.length - answers.length };
}

/** How the primary answers a worker's ask about one topic. */
export type PrimaryTopicHandler = (askWorkers: typeof askEveryWorker) => Promise<unknown>;

/**
 * In the primary: routes the workers' messages. A worker's ask is answered by `handlers[topic]`, or by default
 * with every worker's answer ({@link WorkerAnswers}); the workers' answers settle the primary's own asks.
 */
export function servePrimary(handlers: Readonly<Record<string, PrimaryTopicHandler>>): void {
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (!isIpcMessage(message)) return;
    if (message.tokenpace === 'answer') {
      primaryAsks.settle(message);
      return;
    }
    if (message.tokenpace !== 'ask') return;
    const handler = Object.hasOwn(handlers, message.topic) ? handlers[message.topic] : undefined;
    void answerWith(message.id, () =>
      handler === undefined
        ? askEveryWorker(message.topic, DEFAULT_ASK_TIMEOUT_MS, message.argument)
        : handler(askEveryWorker),
    ).then((answer) => {
      if (worker.isConnected()) worker.send(answer);
    });
  });
}

/** In the primary: asks every worker to shut down gracefully (as a signal would, but never counted twice). */
export function shutDownWorkers(): void {
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker?.isConnected()) worker.send({ tokenpace: 'shutdown' } satisfies IpcMessage);
  }
}
