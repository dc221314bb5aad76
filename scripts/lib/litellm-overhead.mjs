// LiteLLM reports its own overhead per response in `x-litellm-overhead-duration-ms`. k6's extension does not
// return response headers, so gateway-bench sends a few keyed requests itself, reads the header, times the
// first token and the end, and joins them with the emulator's ground truth: the gateway's own figure and the
// measured one, for the same requests.
import { readFileSync } from 'node:fs';

const OVERHEAD_HEADER = 'x-litellm-overhead-duration-ms';

/** One streamed request through LiteLLM: its self-reported overhead and the client's TTFT and e2e, ms. */
async function probe(baseUrl, { key, apiKey, headers, model }) {
  const startMs = performance.now();
  const response = await fetch(`${baseUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      ...headers,
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'x-client-request-id': key,
    },
    body: JSON.stringify({
      model,
      stream: true,
      messages: [{ role: 'user', content: `Say hello. [tokenpace-key:${key}]` }],
    }),
  });
  let ttftMs = null;
  const decoder = new TextDecoder();
  for await (const chunk of response.body) {
    // The first chunk with a content delta carries the first token (the role chunk has an empty content).
    if (ttftMs === null && /"content":"[^"]/.test(decoder.decode(chunk, { stream: true }))) {
      ttftMs = performance.now() - startMs;
    }
  }
  const e2eMs = performance.now() - startMs;
  const overheadMs = Number(response.headers.get(OVERHEAD_HEADER));
  return { key, ok: response.ok, overheadMs: Number.isFinite(overheadMs) ? overheadMs : null, ttftMs, e2eMs };
}

/** Sends `count` keyed streamed requests one after another; returns what each measured. */
export async function probeLitellm(baseUrl, { count, apiKey, headers, model }) {
  const probes = [];
  for (let index = 0; index < count; index++) {
    probes.push(await probe(baseUrl, { key: `probe-${index}`, apiKey, headers, model }));
  }
  return probes;
}

function percentile(sorted, fraction) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}

function line(label, values) {
  const sorted = values.filter((value) => value !== null).sort((a, b) => a - b);
  if (sorted.length === 0) return `  ${label}: no values`;
  const text = (fraction) => percentile(sorted, fraction).toFixed(3);
  return `  ${label.padEnd(52)} p50 ${text(0.5)}  p90 ${text(0.9)}  max ${text(1)}  (${sorted.length})`;
}

/**
 * The probes beside the ground truth: per request, the path's share of the first token and of the end
 * (observed − actually sent), next to what LiteLLM says it spent. Read once the emulator has closed.
 */
export function renderLitellmOverhead(probes, groundTruthFile) {
  const sent = new Map();
  for (const text of readFileSync(groundTruthFile, 'utf8').split('\n')) {
    if (!text.includes('"requestKey":"probe-')) continue;
    const record = JSON.parse(text);
    sent.set(record.requestKey, record.sent);
  }
  const joined = probes
    .filter((entry) => entry.ok && sent.has(entry.key))
    .map((entry) => {
      const record = sent.get(entry.key);
      const firstSentMs = record.tokensUs?.length > 0 ? record.tokensUs[0] / 1000 : null;
      return {
        ...entry,
        ttftPathMs: entry.ttftMs === null || firstSentMs === null ? null : entry.ttftMs - firstSentMs,
        e2ePathMs: record.endMs === null ? null : entry.e2eMs - record.endMs,
      };
    });
  return [
    `LiteLLM's own overhead beside the measured path, ${joined.length} streamed requests of ${probes.length} (ms):`,
    line(
      `${OVERHEAD_HEADER} (LiteLLM's own)`,
      joined.map((entry) => entry.overheadMs),
    ),
    line(
      'path, first token: observed − actually sent',
      joined.map((entry) => entry.ttftPathMs),
    ),
    line(
      'path, end: observed − actually sent',
      joined.map((entry) => entry.e2ePathMs),
    ),
    '  (a path also holds the client’s and the loopback’s share; "added, attributed" above takes it out)',
    '',
  ].join('\n');
}
