import type { Exchange } from '../plugins/exchange.js';
import type { StreamTiming } from './stream-timing.js';

/** nginx's status for a request whose client closed the connection before any response: nothing was sent. */
export const CLIENT_CLOSED_STATUS = 499;

/** vLLM's `finished_reason` values the emulator reports. */
export type FinishedReason = 'stop' | 'length' | 'abort' | 'error';

/** How a request ended, as the metrics and the ground-truth log report it. */
export interface RequestOutcome {
  mode: 'stream' | 'unary';
  /** HTTP status sent, or 499 when the client left before the response began. */
  status: number;
  /** The whole response reached the socket. */
  completed: boolean;
  /** The client went away before the response was complete. */
  clientAborted: boolean;
  /**
   * Set for requests that were planned (a completion or embedding that got past validation): `stop`/`length`
   * when completed, `abort` when the client left or stopped reading, `error` when the server ended it.
   */
  finishedReason: FinishedReason | null;
  /** Completion tokens that reached the socket: all of them when completed, what the steps written carried when cut. */
  tokensSent: number;
}

/** What the response object tells about its end, read when it closes. */
export interface ResponseEnd {
  statusCode: number;
  headersSent: boolean;
  /** Every byte was handed to the socket: the response emitted `finish`. */
  finished: boolean;
}

function tokensOfSteps(choiceTokens: readonly number[] | null, steps: number): number {
  if (choiceTokens === null) return 0;
  let tokens = 0;
  for (const choice of choiceTokens) tokens += Math.min(choice, steps);
  return tokens;
}

/** Derives how a request ended from its exchange, its response and (for streams) its timing. */
export function requestOutcome(
  exchange: Exchange,
  response: ResponseEnd,
  stream: StreamTiming | null,
): RequestOutcome {
  const end = exchange.streamEnd;
  const streamed = stream !== null || end !== null;
  const status = response.headersSent ? response.statusCode : CLIENT_CLOSED_STATUS;
  const completed = streamed ? end === 'completed' : response.finished;
  const clientAborted = streamed ? end === 'client_gone' || end === null : !response.finished;
  const planned = exchange.promptTokens !== null;
  let finishedReason: FinishedReason | null = null;
  if (planned) {
    if (completed && status < 400) finishedReason = exchange.finishReason === 'length' ? 'length' : 'stop';
    else if (clientAborted || end === 'stalled') finishedReason = 'abort';
    else finishedReason = 'error';
  }
  let tokensSent = 0;
  if (finishedReason === 'stop' || finishedReason === 'length') tokensSent = exchange.completionTokens ?? 0;
  else if (stream !== null) tokensSent = tokensOfSteps(exchange.choiceTokens, stream.stepsWritten);
  return {
    mode: streamed ? 'stream' : 'unary',
    status,
    completed,
    clientAborted,
    finishedReason,
    tokensSent,
  };
}
