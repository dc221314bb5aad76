import { Agent, request } from 'undici';

export interface TimedEvent {
  /** Milliseconds from just before the request was sent to the arrival of the bytes that completed the event. */
  atMs: number;
  data: unknown;
}

export interface TimedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Server-sent events in arrival order (empty for a JSON response). */
  events: TimedEvent[];
  /** The JSON body of a non-streamed response. */
  json: unknown;
  /** Milliseconds from send to the end of the body. */
  endMs: number;
}

export function createAgent(): Agent {
  return new Agent({ connections: 256, pipelining: 1 });
}

/**
 * POSTs `body` as JSON and stamps every event with `performance.now()` when its last byte arrives. `onHeaders`
 * runs when the response's headers arrive: for a stream, the moment the server has admitted the request.
 */
export async function timedPost(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
  onHeaders?: () => void,
): Promise<TimedResponse> {
  const sentAt = performance.now();
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
  onHeaders?.();
  const streamed = String(response.headers['content-type']).startsWith('text/event-stream');
  const events: TimedEvent[] = [];
  let buffered = '';
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    const atMs = performance.now() - sentAt;
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    if (!streamed) continue;
    let boundary = buffered.indexOf('\n\n');
    while (boundary >= 0) {
      const event = buffered.slice(0, boundary);
      buffered = buffered.slice(boundary + 2);
      const data = event.slice('data: '.length);
      events.push({ atMs, data: data === '[DONE]' ? data : JSON.parse(data) });
      boundary = buffered.indexOf('\n\n');
    }
  }
  return {
    status: response.statusCode,
    headers: response.headers,
    events,
    json: streamed ? null : JSON.parse(buffered),
    endMs: performance.now() - sentAt,
  };
}

interface ContentChunk {
  choices: { delta?: { content?: string }; text?: string }[];
}

/** Arrival times of content events (chat deltas with content, or legacy text events). */
export function contentArrivalsMs(events: readonly TimedEvent[]): number[] {
  return events
    .filter((event) => {
      if (event.data === '[DONE]') return false;
      const choice = (event.data as ContentChunk).choices[0];
      return (choice?.delta?.content ?? choice?.text ?? '') !== '';
    })
    .map((event) => event.atMs);
}

export interface AdmittedPost {
  /** Resolves when the response's headers arrive (the request was admitted); rejects if it failed before. */
  admitted: Promise<void>;
  response: Promise<TimedResponse>;
}

/** `timedPost`, with a promise of the moment the server admitted the request, to act on events, not on time. */
export function admittedPost(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): AdmittedPost {
  let onHeaders = (): void => {};
  const headersArrived = new Promise<void>((resolve) => {
    onHeaders = resolve;
  });
  const response = timedPost(agent, url, body, headers, undefined, onHeaders);
  const admitted = Promise.race([
    headersArrived,
    response.then(() => {
      throw new Error(`${url} answered without headers first`);
    }),
  ]);
  // A caller that never awaits `admitted` (the response failed) must not see an unhandled rejection.
  admitted.catch(() => {});
  return { admitted, response };
}
