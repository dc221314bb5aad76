/**
 * Headers of every event stream; the OpenAI headers are added per request. `Connection: keep-alive` is left
 * to Node, which sends it whenever the client allows it: forcing it would keep open connections whose
 * client asked for `close`.
 */
export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
} as const;

export const SSE_DONE = 'data: [DONE]\n\n';

/** One server-sent event carrying `json` (already serialized). */
export function sseEvent(json: string): string {
  return `data: ${json}\n\n`;
}
