import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorKind } from '@tokenpace/core';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../src/cli-main.js';
import { ConfigError } from '../src/config/config-error.js';
import { loadConfig, loadConfigAndSettings } from '../src/config/load-config.js';

const directory = mkdtempSync(join(tmpdir(), 'tokenpace-traffic-config-'));
function file(name: string, text: string): string {
  const path = join(directory, name);
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

const SHARE_FORMS = 'use a number from 0 to 1 (0.01), a percentage (1%) or a fraction (1/100).';
const FAULT_FORMS =
  'use disconnect(after=N), stall(after=N,ms=M), error(after=N,status=S), no-done or no-usage, each with an ' +
  'optional rate=SHARE, separated by commas.';

describe('traffic settings from every source', () => {
  it('layers file < environment < flags, and parses what they say', () => {
    const config = file(
      'traffic.yaml',
      [
        'auth: { keys: [sk-from-file] }',
        'rateLimits: { requestsPerMinute: 10, tokensPerMinute: 5000 }',
        'faults:',
        '  error: 503',
        '  errorRate: 0.05',
        '  shouldRetry: false',
        "  inject: 'stall(after=2,ms=100), no-done(rate=1%)'",
        'cors: { origins: [https://App.example.com] }',
      ].join('\n'),
    );
    const loaded = loadConfig({
      configFile: config,
      env: {
        TOKENPACE_API_KEYS: 'sk-one, sk-two,,sk-one',
        TOKENPACE_RPM: '20',
        TOKENPACE_ERROR_MODE: 'random',
      },
      flags: { rpm: '30', 'rate-limit-scope': 'global', 'error-rate': '1/3' },
    });
    expect(loaded.auth).toEqual({ keys: ['sk-one', 'sk-two'] });
    expect(loaded.rateLimits).toEqual({ requestsPerMinute: 30, tokensPerMinute: 5000, scope: 'global' });
    expect(loaded.faults).toEqual({
      error: errorKind('overloaded'),
      errorRate: { numerator: 1, denominator: 3 },
      mode: 'random',
      retryAfterMs: 1000,
      shouldRetry: false,
      inject: [
        { kind: 'stall', afterTokens: 2, stallMs: 100, share: { numerator: 1, denominator: 1 } },
        { kind: 'no-done', share: { numerator: 1, denominator: 100 } },
      ],
    });
    expect(loaded.cors).toEqual({ origins: ['https://app.example.com'] });
  });

  it('reads x-should-retry from text too, so that a variable can say false', () => {
    expect(loadConfig({ env: { TOKENPACE_SHOULD_RETRY: 'false' } }).faults.shouldRetry).toBe(false);
    expect(loadConfig({ flags: { 'should-retry': 'true' } }).faults.shouldRetry).toBe(true);
    expect(loadConfig({ flags: { 'should-retry': 'auto' } }).faults.shouldRetry).toBeNull();
  });
});

describe('every traffic setting problem is listed, naming its key, variable or flag', () => {
  it('faults, rate limits, auth and CORS', () => {
    const config = file(
      'bad-traffic.yaml',
      [
        'auth: { keys: [""] }',
        'rateLimits: { requestsPerMinute: -1, tokensPerMinute: 1.5 }',
        'faults: { retryAfterMs: -5, mode: sometimes }',
        'caps: { ttftMs: 1000 }',
      ].join('\n'),
    );
    expect(
      problemsOf(() =>
        loadConfig({
          configFile: config,
          env: { TOKENPACE_ERROR: 'teapot', TOKENPACE_SHOULD_RETRY: 'maybe', TOKENPACE_TPM: 'lots' },
          flags: {
            'error-rate': '150%',
            faults: 'stall(after=1,ms=2000), explode',
            'cors-origins': 'https://ok.example.com,example.com/path',
            'rate-limit-scope': 'team',
          },
        }),
      ),
    ).toEqual([
      "TOKENPACE_TPM: must be a whole number, got 'lots'",
      `auth.keys.0 in ${config}: must not be empty`,
      `rateLimits.requestsPerMinute in ${config}: must be at least 0`,
      `rateLimits.tokensPerMinute in ${config}: must be a whole number`,
      'rateLimits.scope (--rate-limit-scope): must be one of key, global',
      `faults.mode in ${config}: must be one of exact, random`,
      `faults.retryAfterMs in ${config}: must be at least 0`,
      'faults.shouldRetry (TOKENPACE_SHOULD_RETRY): must be true or false; or must be one of auto, true, false',
      "Invalid faults.error (TOKENPACE_ERROR): 'teapot' is not an error to inject; use a status (400, 401, 403, " +
        '404, 429, 500, 502, 503, 504, 529) or one of bad_request, context_length_exceeded, invalid_api_key, ' +
        'permission_denied, model_not_found, rate_limit_requests, rate_limit_tokens, insufficient_quota, ' +
        'server_error, bad_gateway, overloaded, gateway_timeout, overloaded_error.',
      `Invalid faults.errorRate (--error-rate): '150%' is above 1 (100%); ${SHARE_FORMS}`,
      "Invalid faults.inject (--faults): 'stall(after=1,ms=2000), explode' stalls 2000 ms, above the cap of 1000 ms.",
      "cors.origins.1 (--cors-origins): 'example.com/path' is not an origin; write scheme and host without a " +
        'path, such as https://app.example.com or http://localhost:5173, or * for any',
    ]);
  });

  it('values of the wrong type, each once, however many there are', () => {
    const config = file(
      'wrong-types.yaml',
      [
        'auth: { keys: sk-not-a-list }',
        'faults: { errorRate: true, error: [503], inject: 5 }',
        'scripted: { rules: { name: x }, rulesFile: 7 }',
        'cors: { origins: "*" }',
        'rateLimits: { scope: team, requestsPerMinute: many }',
      ].join('\n'),
    );
    expect(problemsOf(() => loadConfig({ configFile: config }))).toEqual([
      `auth.keys in ${config}: must be a list`,
      `rateLimits.requestsPerMinute in ${config}: must be a whole number`,
      `rateLimits.scope in ${config}: must be one of key, global`,
      `faults.error in ${config}: must be a whole number; or must be a string`,
      `faults.errorRate in ${config}: must be a number; or must be a string`,
      `faults.inject in ${config}: must be a string`,
      `scripted.rulesFile in ${config}: must be a string`,
      `scripted.rules in ${config}: must be a list`,
      `cors.origins in ${config}: must be a list`,
    ]);
  });

  it('an unknown fault in the list', () => {
    expect(problemsOf(() => loadConfig({ env: { TOKENPACE_FAULTS: 'no-done, explode' } }))).toEqual([
      `Invalid faults.inject (TOKENPACE_FAULTS): 'no-done, explode' has 'explode', which is not a fault; ${FAULT_FORMS}`,
    ]);
  });
});

describe('scripted rule problems', () => {
  it('lists every problem of every inline rule, with paths relative to the config file', () => {
    const rulesDirectory = join(directory, 'inline');
    mkdirSync(rulesDirectory, { recursive: true });
    writeFileSync(join(rulesDirectory, 'present.txt'), 'here');
    writeFileSync(join(rulesDirectory, 'rule.ts'), 'export function respond() { return { text: "x" }; }');
    const config = join(rulesDirectory, 'rules-inline.yaml');
    writeFileSync(
      config,
      [
        'scripted:',
        '  rules:',
        '    - match: { model: "/gpt-(/" }',
        '      response: { text: hi }',
        '    - match: { content: hello }',
        '      response: { text: a, file: ./present.txt }',
        '    - response: { file: ./missing.txt }',
        '    - response: { template: "Hi {{user}}" }',
        '    - response: { module: ./rule.ts }',
        '    - response: { module: ./present.txt }',
        '    - response: { module: ./absent.mjs }',
        '    - timing: { ttft: soon, outputLength: 200000 }',
        '    - { error: teapot, errorRate: 2, faults: "stall(ms=x)" }',
        '    - match: { model: gpt-4o }',
        '    - response: { file: ./present.txt }',
        '      colour: blue',
      ].join('\n'),
    );
    const label = (path: string) => `scripted.rules.${path} in ${config}`;
    const problems = problemsOf(() => loadConfig({ configFile: config }));
    const expected = [
      `scripted.rules.10.colour in ${config}: is not a known setting`,
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(label('0.match.model'))}: '/gpt-\\(/' is not a valid regular expression \\(`,
        ),
      ),
      `${label('1.response')}: must give exactly one of text, file, template or module, not text and file`,
      `${label('2.response.file')}: ${join(rulesDirectory, 'missing.txt')} cannot be read (ENOENT)`,
      `${label('3.response.template')}: the template uses {{user}}, which is not a variable; use {{request_id}}, ` +
        '{{timestamp}}, {{model}}, {{last_user_message}}.',
      ...(process.features && (process.features as { typescript?: unknown }).typescript
        ? []
        : [
            `${label('4.response.module')}: ${join(rulesDirectory, 'rule.ts')} is TypeScript, which this Node ` +
              `(${process.version}) cannot load; compile it to .mjs, or run a Node that strips types (22.6+ with ` +
              '--experimental-strip-types, 23.6+ by default)',
          ]),
      `${label('5.response.module')}: ${join(rulesDirectory, 'present.txt')} is not a JavaScript module (.mjs, .js or .cjs)`,
      `${label('6.response.module')}: ${join(rulesDirectory, 'absent.mjs')} cannot be read (ENOENT)`,
      `Invalid ${label('7.timing.ttft')}: 'soon' is not a number of milliseconds or a distribution such as ` +
        'lognormal(p50=200,p99=800).',
      `${label('7.timing.outputLength')}: 200000 is above caps.outputLength (131072)`,
      expect.stringMatching(
        new RegExp(`^Invalid ${escapeRegExp(label('8.error'))}: 'teapot' is not an error to inject`),
      ),
      `Invalid ${label('8.errorRate')}: '2' is above 1 (100%); ${SHARE_FORMS}`,
      `Invalid ${label('8.faults')}: 'stall(ms=x)' has ms=x; ms is a number of milliseconds from 0.`,
      `${label('9')}: does nothing; give it a response, timing, error, faults or toolCall`,
    ];
    expect(problems).toEqual(expected);
  });

  it('reports an unreadable, malformed or invalid rules file, naming it and the key', () => {
    expect(
      problemsOf(() => loadConfig({ env: { TOKENPACE_RULES_FILE: join(directory, 'none.yaml') } })),
    ).toEqual([`rules file ${join(directory, 'none.yaml')}: cannot be read (ENOENT)`]);
    const malformed = file('malformed.yaml', 'rules: [\n');
    expect(problemsOf(() => loadConfig({ flags: { 'rules-file': malformed } }))[0]).toMatch(
      new RegExp(`^rules file ${escapeRegExp(malformed)}: is not valid YAML or JSON \\(`),
    );
    const notAList = file('not-a-list.yaml', 'model: gpt-4o\n');
    expect(problemsOf(() => loadConfig({ flags: { 'rules-file': notAList } }))).toEqual([
      `rules file ${notAList}: must hold a list of rules, or a mapping with one key, rules, holding it`,
    ]);
    const invalid = file(
      'invalid.json',
      JSON.stringify([{ priority: 'high', response: { text: 1 }, when: {} }]),
    );
    expect(problemsOf(() => loadConfig({ flags: { 'rules-file': invalid } }))).toEqual([
      `rules.0.when in ${invalid}: is not a known setting`,
      `rules.0.priority in ${invalid}: must be a whole number`,
      `rules.0.response.text in ${invalid}: must be a string`,
    ]);
  });

  it('resolves a rules file named in the config file relative to it, and one named by a flag to the working directory', () => {
    const nested = join(directory, 'nested');
    mkdirSync(nested, { recursive: true });
    writeFileSync(join(nested, 'rules.yaml'), '- response: { text: nested }\n');
    const config = join(nested, 'config.yaml');
    writeFileSync(config, 'scripted: { rulesFile: ./rules.yaml }\n');
    expect(loadConfig({ configFile: config }).scripted.rules.map((rule) => rule.response)).toEqual([
      { kind: 'text', text: 'nested' },
    ]);
    expect(
      problemsOf(() => loadConfig({ configFile: config, flags: { 'rules-file': './rules.yaml' } })),
    ).toEqual([`rules file ${join(process.cwd(), 'rules.yaml')}: cannot be read (ENOENT)`]);
  });
});

describe('--print-config', () => {
  it('prints the resolved settings as YAML with keys redacted, and loading them back gives the same server', async () => {
    const out: string[] = [];
    const outcome = await runCli(
      ['--print-config', '--rpm', '60', '--faults', 'disconnect(after=3,rate=1%)', '--port', '0'],
      {
        stdout: { write: (text) => out.push(text) },
        stderr: { write: (text) => out.push(`stderr: ${text}`) },
        env: { TOKENPACE_API_KEYS: 'sk-secret-1,sk-secret-2' },
      },
      { handleSignals: false },
    );
    expect(outcome).toEqual({ exitCode: 0 });
    const printed = out.join('');
    expect(printed.includes('sk-secret')).toBe(false);
    const settings = parse(printed) as Record<string, Record<string, unknown>>;
    expect(settings.auth).toEqual({ keys: ['<redacted>', '<redacted>'] });
    expect(settings.rateLimits).toEqual({ requestsPerMinute: 60, tokensPerMinute: 0, scope: 'key' });
    expect(settings.faults?.inject).toBe('disconnect(after=3,rate=1%)');

    const reloaded = loadConfigAndSettings({ configFile: file('printed.yaml', printed) });
    const original = loadConfigAndSettings({
      flags: { rpm: '60', faults: 'disconnect(after=3,rate=1%)', port: '0' },
      env: { TOKENPACE_API_KEYS: 'sk-secret-1,sk-secret-2' },
    });
    expect({ ...reloaded.settings, auth: null }).toEqual({ ...original.settings, auth: null });
  });

  it('exits 2 and lists the problems instead when the configuration is invalid', async () => {
    const errors: string[] = [];
    const outcome = await runCli(
      ['--print-config', '--error', '418'],
      { stdout: { write: () => undefined }, stderr: { write: (text) => errors.push(text) }, env: {} },
      { handleSignals: false },
    );
    expect(outcome).toEqual({ exitCode: 2 });
    expect(errors.join('')).toMatch(
      /^Invalid configuration:\n {2}- Invalid faults\.error \(--error\): '418'/,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
