import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ConfigError } from '../src/config/config-error.js';
import { loadConfig } from '../src/config/load-config.js';
import type { RunningServer } from '../src/server.js';
import { startTestServer } from './support/listening-server.js';
import { buildTestApp } from './support/test-app.js';
import { createAgent, timedPost } from './support/timed-client.js';

let app: FastifyInstance;
const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
beforeAll(async () => {
  app = await buildTestApp();
  process.on('unhandledRejection', recordUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', recordUnhandled);
  await app.close();
});

/** What a polluted prototype would show. */
function pollution(): unknown[] {
  const probe = {} as Record<string, unknown>;
  return [probe.polluted, probe.isAdmin, (Object.prototype as Record<string, unknown>).polluted];
}

const POLLUTING_MEMBERS = [
  '"__proto__":{"polluted":"yes","isAdmin":true}',
  '"constructor":{"prototype":{"polluted":"yes"}}',
  '"prototype":{"polluted":"yes"}',
];

/** JSON text with a polluting member spliced into its outermost object, or plain JSON, or not JSON at all. */
const bodyText = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.constantFrom(...POLLUTING_MEMBERS))
    .map(([object, member]) => {
      const text = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], ...object });
      return `{${member},${text.slice(1)}`;
    }),
  fc
    .constantFrom(...POLLUTING_MEMBERS)
    .map((member) => `{"model":"gpt-4o","messages":[{"role":"user","content":"x",${member}}],${member}}`),
  fc.string({ maxLength: 40 }),
);

/** Header values a client may send: printable, without CR or LF (which never reach a server as one value). */
const headerValue = fc.string({
  unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)),
});
const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,20}$/);

function isOpenAiError(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const error = (body as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    Object.keys(error).join(',') === 'message,type,param,code' &&
    typeof (error as { message: unknown }).message === 'string'
  );
}

describe('hostile input', () => {
  it('answers every body and header with a well-formed success or OpenAI error: no 500, no pollution, no echo in headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/v1/chat/completions', '/v1/completions', '/v1/embeddings', '/v1/../etc/passwd'),
        bodyText,
        fc.record(
          {
            'x-ttft-ms': fc.oneof(
              headerValue,
              fc.constantFrom('0', '1e308', '-0', 'lognormal(p50=1,p99=1e9)'),
            ),
            'x-itl-ms': fc.oneof(headerValue, fc.constant('0')),
            'x-output-length': fc.oneof(headerValue, fc.constantFrom('1', '99999999999999999999')),
            'content-type': fc.oneof(headerValue, fc.constant('application/json')),
          },
          { requiredKeys: [] },
        ),
        fc.dictionary(headerName, headerValue, { maxKeys: 3 }),
        async (url, payload, timingHeaders, extraHeaders) => {
          const headers = { 'x-output-length': '1', 'x-itl-ms': '0', ...timingHeaders, ...extraHeaders };
          const response = await app.inject({ method: 'POST', url, headers, payload });
          expect(response.statusCode).not.toBeGreaterThanOrEqual(500);
          const body = response.json();
          if (response.statusCode !== 200) expect(isOpenAiError(body)).toBe(true);
          // content-type is the one header answered in kind.
          const { 'content-type': _contentType, ...echoable } = headers;
          const sent = Object.values(echoable).filter((value) => value.length >= 8 && /[^0-9.]/.test(value));
          for (const value of Object.values(response.headers)) {
            for (const echoed of sent) expect(String(value)).not.toContain(echoed);
          }
          expect(pollution()).toEqual([undefined, undefined, undefined]);
        },
      ),
      { numRuns: 300 },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it('never lets a config file reach Object.prototype, and answers any file with a config or a ConfigError', () => {
    const directory = mkdtempSync(join(tmpdir(), 'tokenpace-hostile-'));
    const key = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'port', 'timing', 'limits', 'workers', 'caps'),
    );
    const settings = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }),
      ),
    })).node;
    /** Pairs become mappings written as text, so `__proto__` is a real key of the file, as an attacker writes it. */
    const toYaml = (node: unknown, indent = ''): string => {
      if (!Array.isArray(node) || !node.every((entry) => Array.isArray(entry) && entry.length === 2)) {
        return ` ${JSON.stringify(node) ?? 'null'}\n`;
      }
      if (node.length === 0) return ' {}\n';
      return `\n${(node as [string, unknown][])
        .map(([name, value]) => `${indent}  ${JSON.stringify(name)}:${toYaml(value, `${indent}  `)}`)
        .join('')}`;
    };
    const fileText = fc.oneof(
      settings.map((node) => `root:${toYaml(node)}`.replace(/^root:\n/, '').replace(/^ {2}/gm, '')),
      fc.string({ maxLength: 60 }),
      fc.jsonValue().map((value) => stringify(value)),
    );
    let index = 0;
    fc.assert(
      fc.property(fileText, (text) => {
        const path = join(directory, `config-${index++}.yaml`);
        writeFileSync(path, text);
        try {
          loadConfig({ configFile: path });
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
        }
        expect(pollution()).toEqual([undefined, undefined, undefined]);
      }),
      { numRuns: 400 },
    );
    const attack = join(directory, 'attack.yaml');
    writeFileSync(attack, '__proto__:\n  polluted: yes\nlimits:\n  __proto__:\n    isAdmin: true\n');
    expect(() => loadConfig({ configFile: attack })).toThrow(ConfigError);
    expect(pollution()).toEqual([undefined, undefined, undefined]);
  });
});

describe('a pathological prompt', () => {
  let server: RunningServer;
  const agent = createAgent();
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await agent.close();
    await server.close();
  });

  it('does not hold up the tokens of other streams', async () => {
    // 300,000 CJK characters without a space: about 0.4 s of tokenizer work, done off the event loop.
    const prompt = '的一是不了人我在有他这为之大来以个中上们'.repeat(15_000);
    const stream = timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { model: 'gpt-4', messages: [{ role: 'user', content: 'x' }], stream: true },
      { 'x-ttft-ms': '0', 'x-itl-ms': '5', 'x-output-length': '200' },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    const counted = await timedPost(
      agent,
      `${server.url}/v1/chat/completions`,
      { model: 'gpt-4', messages: [{ role: 'user', content: prompt }] },
      { 'x-ttft-ms': '0', 'x-itl-ms': '0', 'x-output-length': '1' },
    );
    expect(counted.status).toBe(200);
    expect((counted.json as { usage: { prompt_tokens: number } }).usage.prompt_tokens).toBeGreaterThan(
      100_000,
    );
    const arrivals = (await stream).events.map((event) => event.atMs);
    let longestGapMs = 0;
    for (let index = 1; index < arrivals.length; index++) {
      longestGapMs = Math.max(longestGapMs, (arrivals[index] as number) - (arrivals[index - 1] as number));
    }
    // Reading and parsing the 900 kB body, and starting the counting thread on first use, still happen on the
    // event loop: tens of ms on a busy machine, where counting there would hold every stream for 0.4 s and more.
    expect(longestGapMs).toBeLessThan(250);
  });
});
