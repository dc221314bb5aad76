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

/** POSTs `body` as JSON and stamps every event with `performance.now()` when its last byte arrives. */
export async function timedPost(
  agent: Agent,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<TimedResponse> {
  const sentAt = performance.now();
  const response = await request(url, {
    method: 'POST',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal === undefined ? {} : { signal }),
  });
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
