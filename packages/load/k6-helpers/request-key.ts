// The request key: one id per request, sent both as X-Client-Request-Id and as a marker in the prompt (which
// every gateway forwards), and attached to the request's k6 samples as metadata, so `pnpm report
// --ground-truth` can join each client measurement with the emulator's record of what it really sent.
import exec from 'k6/execution';
import { HEADER_CLIENT_REQUEST_ID, REQUEST_KEY_MARKER } from '../../core/src/protocol.ts';
import { envString } from './env.ts';

/** Sample metadata key holding the request key (metadata, not a tag: one value per request must not split series). */
export const REQUEST_KEY_METADATA = 'request_key';

const KEY_PATTERN = /^[A-Za-z0-9._-]+$/;

/**
 * The run's id, from RUN_ID or else the time in base 36: call it in `setup()` and hand it to the VUs through
 * setup's data, so every VU of the run shares it and runs logged to one ground-truth file stay apart.
 */
export function runIdFromEnv(): string {
  const runId = envString('RUN_ID', Date.now().toString(36));
  if (!KEY_PATTERN.test(runId) || runId.length > 24) {
    throw new Error(`Invalid RUN_ID=${JSON.stringify(runId)}: use 1–24 of A–Z a–z 0–9 . _ -`);
  }
  return runId;
}

/** A key unique in the run: run id, VU (unique across k6 instances), the VU's iteration and a sequence. */
export function nextRequestKey(runId: string, sequence = 0): string {
  return `${runId}-${exec.vu.idInTest}-${exec.vu.iterationInInstance}-${sequence}`;
}

export function requestKeyMarker(key: string): string {
  return `${REQUEST_KEY_MARKER.open}${key}${REQUEST_KEY_MARKER.close}`;
}

type Body = Record<string, unknown>;

/** `content` with the marker appended: to a string, or as one more text part of a list. */
function markedContent(content: unknown, marker: string, partType: string): unknown {
  if (typeof content === 'string') return `${content} ${marker}`;
  if (Array.isArray(content)) return [...content, { type: partType, text: marker }];
  return marker;
}

/** `messages` (or Responses input items) with the marker in the last item's content. */
function markedMessages(messages: unknown[], marker: string, partType: string): unknown[] {
  if (messages.length === 0) return [{ role: 'user', content: marker }];
  const last = messages[messages.length - 1] as Body;
  return [...messages.slice(0, -1), { ...last, content: markedContent(last.content, marker, partType) }];
}

/**
 * A copy of `body` with the key's marker in its prompt: the last chat or Anthropic message, the legacy
 * `prompt`, or the Responses `input`. The marker costs a few prompt tokens; the output is unchanged.
 */
export function withRequestKey(body: Body, key: string): Body {
  const marker = requestKeyMarker(key);
  if (Array.isArray(body.messages))
    return { ...body, messages: markedMessages(body.messages, marker, 'text') };
  if (typeof body.prompt === 'string') return { ...body, prompt: `${body.prompt} ${marker}` };
  if (Array.isArray(body.prompt)) return { ...body, prompt: body.prompt.map((text) => `${text} ${marker}`) };
  if (typeof body.input === 'string') return { ...body, input: `${body.input} ${marker}` };
  if (Array.isArray(body.input)) return { ...body, input: markedMessages(body.input, marker, 'input_text') };
  return {
    ...body,
    instructions: `${typeof body.instructions === 'string' ? body.instructions : ''} ${marker}`,
  };
}

/** The request's headers with the key as X-Client-Request-Id. */
export function withRequestKeyHeader(headers: Record<string, string>, key: string): Record<string, string> {
  return { ...headers, [HEADER_CLIENT_REQUEST_ID]: key };
}

/**
 * Runs `send` with the key in the VU's sample metadata, so every sample the request records carries it, and
 * removes it afterwards (later samples of the VU belong to other requests).
 */
export function withKeyMetadata<T>(key: string, send: () => T): T {
  const metadata = exec.vu.metrics.metadata as Record<string, string | undefined>;
  metadata[REQUEST_KEY_METADATA] = key;
  try {
    return send();
  } finally {
    delete metadata[REQUEST_KEY_METADATA];
  }
}
