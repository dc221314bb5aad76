import { readFileSync } from 'node:fs';
import { countChatPromptTokens, encodingForModel } from '@tokenpace/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BUNDLED_CLI, type CliProcess, killCli, spawnCli } from './support/cli-process.js';

const running: CliProcess[] = [];
afterEach(() => {
  for (const cli of running.splice(0)) killCli(cli);
});

/** A prompt with ASCII, accented letters, CJK, an emoji and long digit runs: every part of the pre-tokenizer. */
const MESSAGES = [
  { role: 'system', content: 'You answer in one line.' },
  {
    role: 'user',
    name: 'ada',
    content: 'Grüße aus Köln! 東京の天気は？ 🙂 Order 1234567 shipped on 2025-01-02.',
  },
];

async function chat(url: string, model: string): Promise<{ status: number; promptTokens: number }> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-ttft-ms': '0',
      'x-itl-ms': '0',
      'x-output-length': '1',
    },
    body: JSON.stringify({ model, messages: MESSAGES }),
  });
  const body = (await response.json()) as { usage: { prompt_tokens: number } };
  return { status: response.status, promptTokens: body.usage.prompt_tokens };
}

describe('the bundled CLI (dist/cli.js)', () => {
  it('is one file that imports nothing but Node built-ins, and is what the package runs', () => {
    const bundle = readFileSync(BUNDLED_CLI, 'utf8');
    const imported = [...bundle.matchAll(/^import\s[^;]*?from\s*"([^"]+)";/gm)].map((match) => match[1]);
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((specifier) => !specifier?.startsWith('node:'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(manifest.bin['tokenpace-emulator']).toBe('./dist/cli.js');
  });

  it('serves chat completions at once, counting prompts exactly with the prebuilt tables of both encodings', async () => {
    const cli = spawnCli(['--workers', '1', '--log-level', 'debug'], {}, 'bundle');
    running.push(cli);
    const url = await cli.url;
    // Sent as soon as the server listens, while it may still be reading the tables: the count waits for them.
    const answers = await Promise.all([chat(url, 'gpt-4o-mini'), chat(url, 'gpt-4')]);
    expect(answers).toEqual([
      { status: 200, promptTokens: countChatPromptTokens(MESSAGES, encodingForModel('gpt-4o-mini')) },
      { status: 200, promptTokens: countChatPromptTokens(MESSAGES, encodingForModel('gpt-4')) },
    ]);
    expect(encodingForModel('gpt-4o-mini')).not.toBe(encodingForModel('gpt-4'));
    await cli.stdoutUntil(() => cli.logLines().some((line) => line.msg === 'tokenizer tables ready'));
    const ready = cli.logLines().find((line) => line.msg === 'tokenizer tables ready');
    expect(ready?.encodings).toEqual(['o200k_base', 'cl100k_base']);
    expect(cli.logLines().filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});
