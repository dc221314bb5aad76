// k6 side of bench/harness-precision.mjs: each VU streams from the reference sender and logs the per-token
// gaps the extension measured, keyed by a stream id the sender also records its write times under.
import exec from 'k6/execution';
import { request } from 'k6/x/tokenpace';

const BASE_URL = __ENV.BASE_URL ?? 'http://127.0.0.1:3000';

export const options = {
  scenarios: {
    precision: {
      executor: 'constant-vus',
      vus: Number(__ENV.STREAMS ?? 100),
      duration: __ENV.DURATION ?? '20s',
    },
  },
};

export default function precisionStream(): void {
  const streamId = `${exec.vu.idInTest}-${exec.vu.iterationInScenario}`;
  const result = request({
    url: `${BASE_URL}/v1/chat/completions`,
    body: { model: 'reference', messages: [{ role: 'user', content: 'hi' }], stream: true },
    headers: { 'x-stream-id': streamId },
  });
  console.log(
    JSON.stringify({ id: streamId, ok: result.ok, itlMs: result.itlMs, chunks: result.tokensPerChunk }),
  );
}
