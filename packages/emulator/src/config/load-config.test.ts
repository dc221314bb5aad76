import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_BODY_LIMIT_BYTES,
  errorKind,
  MAX_ITL_MS,
  MAX_OUTPUT_LENGTH,
  MAX_TTFT_MS,
} from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.js';
import { DEFAULT_MODELS } from './default-models.js';
import { createConfig, loadConfig } from './load-config.js';

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tokenpace-config-')), name);
  writeFileSync(path, text);
  return path;
}

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the documented defaults when nothing is set', () => {
    expect(loadConfig()).toEqual({
      host: '127.0.0.1',
      port: 3000,
      strictModels: false,
      models: [...DEFAULT_MODELS],
      modelEncodings: {},
      timing: {
        ttft: { kind: 'fixed', ms: 100 },
        itl: { kind: 'fixed', ms: 50 },
        outputLength: 20,
        programStart: { kind: 'server-start' },
      },
      groundTruth: { file: null },
      caps: { ttftMs: MAX_TTFT_MS, itlMs: MAX_ITL_MS, outputLength: MAX_OUTPUT_LENGTH },
      seed: 1,
      bodyLimitBytes: DEFAULT_BODY_LIMIT_BYTES,
      logLevel: 'info',
      precisionWindowMs: 1,
      workers: availableParallelism(),
      shutdownGraceMs: 10_000,
      promptTokens: 'exact',
      limits: {
        maxConcurrentStreams: 10_000,
        maxStreamDurationMs: 3_600_000,
        maxBlockedMs: 60_000,
        retryAfterMs: 1_000,
        overloadStatus: 503,
        requestTimeoutMs: 300_000,
        headersTimeoutS: 10,
        bodyTimeoutS: 30,
        maxBodyBytesInFlight: 512 * 1024 * 1024,
      },
      auth: { keys: [] },
      rateLimits: { requestsPerMinute: 0, tokensPerMinute: 0, scope: 'key' },
      faults: {
        error: errorKind('server_error'),
        errorRate: { numerator: 0, denominator: 1 },
        mode: 'exact',
        retryAfterMs: 1000,
        shouldRetry: null,
        inject: [],
      },
      scripted: { rules: [] },
      cors: { origins: [] },
    });
  });

  it('layers defaults < file < environment < flags', () => {
    const file = tempFile(
      'tokenpace.yaml',
      [
        'port: 4000',
        'host: 0.0.0.0',
        'seed: 7',
        'timing:',
        '  ttft: 250',
        '  itl: uniform(min=5,max=15)',
      ].join('\n'),
    );
    const config = loadConfig({
      env: {
        TOKENPACE_CONFIG: file,
        TOKENPACE_PORT: '5000',
        TOKENPACE_SEED: '8',
        TOKENPACE_STRICT_MODELS: 'yes',
      },
      flags: { port: '6000', models: 'a, b,,c', 'strict-models': true },
    });
    expect(config).toMatchObject({
      host: '0.0.0.0',
      port: 6000,
      seed: 8,
      strictModels: true,
      models: ['a', 'b', 'c'],
      timing: {
        ttft: { kind: 'fixed', ms: 250 },
        itl: { kind: 'uniform', minMs: 5, maxMs: 15 },
        outputLength: 20,
      },
    });
  });

  it('reads JSON files and takes the file named by the config flag over the environment', () => {
    const json = tempFile(
      'tokenpace.json',
      JSON.stringify({ timing: { outputLength: 64 }, logLevel: 'warn' }),
    );
    const config = loadConfig({ flags: { config: json }, env: { TOKENPACE_CONFIG: '/nonexistent.yaml' } });
    expect(config.timing.outputLength).toBe(64);
    expect(config.logLevel).toBe('warn');
  });

  it('lists every problem at once, each naming its key, variable or flag', () => {
    const file = tempFile(
      'bad.yaml',
      ['port: 70000', 'colour: blue', 'timing:', '  ttft: soon', '  extra: 1', 'logLevel: loud'].join('\n'),
    );
    expect(
      problemsOf(() =>
        loadConfig({
          configFile: file,
          env: { TOKENPACE_SEED: 'abc', TOKENPACE_ITL: '-5' },
          flags: { 'body-limit-bytes': '0' },
        }),
      ),
    ).toEqual([
      "TOKENPACE_SEED: must be a whole number, got 'abc'",
      `colour in ${file}: is not a known setting`,
      `port in ${file}: must be at most 65535`,
      `timing.extra in ${file}: is not a known setting`,
      'bodyLimitBytes (--body-limit-bytes): must be at least 1',
      `logLevel in ${file}: must be one of fatal, error, warn, info, debug, trace, silent`,
      `Invalid timing.ttft in ${file}: 'soon' is not a number of milliseconds or a distribution such as ` +
        'lognormal(p50=200,p99=800).',
      "Invalid timing.itl (TOKENPACE_ITL): '-5' is negative; latencies are zero or more milliseconds.",
    ]);
  });

  it('checks latency specs against the caps, naming the source', () => {
    expect(
      problemsOf(() =>
        loadConfig({
          env: { TOKENPACE_TTFT: 'lognormal(p50=200)', TOKENPACE_MAX_ITL_MS: '10' },
          flags: { itl: '20', 'output-length': '500', 'max-output-length': '100' },
        }),
      ),
    ).toEqual([
      "Invalid timing.ttft (TOKENPACE_TTFT): 'lognormal(p50=200)' lacks p99; lognormal takes p50 and p99.",
      "Invalid timing.itl (--itl): '20' is above the cap of 10 ms.",
      'timing.outputLength (--output-length): 500 is above caps.outputLength (100)',
    ]);
  });

  it('reports an unreadable or malformed file', () => {
    expect(problemsOf(() => loadConfig({ configFile: '/nonexistent/tokenpace.yaml' }))).toEqual([
      'config file /nonexistent/tokenpace.yaml: cannot be read (ENOENT)',
    ]);
    const list = tempFile('list.yaml', '- 1\n- 2\n');
    expect(problemsOf(() => loadConfig({ configFile: list }))).toEqual([
      `config file ${list}: must hold a mapping of settings at the top level`,
    ]);
  });
});

describe('createConfig', () => {
  it('accepts latencies as numbers or spec text and validates like the loader', () => {
    const config = createConfig({ port: 0, timing: { ttft: 5, itl: 'fixed(2)' }, strictModels: true });
    expect(config.port).toBe(0);
    expect(config.timing).toEqual({
      ttft: { kind: 'fixed', ms: 5 },
      itl: { kind: 'fixed', ms: 2 },
      outputLength: 20,
      programStart: { kind: 'server-start' },
    });
    expect(problemsOf(() => createConfig({ port: -1 }))).toEqual(['port in overrides: must be at least 0']);
  });
});
