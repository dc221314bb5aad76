#!/usr/bin/env node
// Prints the results in bench/results/ as the Markdown tables BENCHMARKS.md quotes, with each target
// met or missed; with --write, replaces the generated part of BENCHMARKS.md (between its markers)
// and leaves the prose around it alone.
//
//   node bench/summary.mjs [--write]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fidelityRow, percent, us } from './lib/fidelity-row.mjs';
import { fixed } from './lib/options.mjs';
import { BENCH_DIR } from './lib/stats.mjs';

function load(name) {
  const file = join(BENCH_DIR, 'results', `${name}.json`);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** Extra runs kept apart from a standard result, e.g. fidelity-levels-250-500 beside fidelity. */
function loadExtras(prefix) {
  const directory = join(BENCH_DIR, 'results');
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(directory, name), 'utf8')));
}

/** A Markdown table with its columns padded to one width, as the formatter (Biome) writes it. */
function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => row[column].length)));
  const line = (row) => `| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((width) => '-'.repeat(width))), ...cells.slice(1).map(line)].join(
    '\n',
  );
}

const verdict = (met) => (met === null || met === undefined ? 'not run' : met ? '**met**' : '**missed**');
const sections = [];
const targets = [];

const machineSource = ['fidelity', 'throughput-unary', 'cold-start', 'prompt-count'].map(load).find(Boolean);
if (machineSource !== undefined) {
  const { machine } = machineSource;
  const parameters = ['fidelity', 'throughput-unary', 'memory'].map(load).find(Boolean)?.parameters ?? {};
  const revisions = [
    ...new Set(
      [
        'throughput-unary',
        'throughput-stream',
        'fidelity',
        'long-streams',
        'memory',
        'cold-start',
        'write-path',
      ]
        .map(load)
        .map((result) => result?.parameters.emulator)
        .filter(Boolean),
    ),
  ];
  sections.push(
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.platform}, ` +
      `Node ${machine.node}, client built with ${parameters.go ?? 'unknown'}. ` +
      `Emulator sources at ${revisions.length > 0 ? revisions.join(', ') : 'an unrecorded revision'} when the runs ended` +
      `${parameters.emulatorArgs ? `, run with ${parameters.emulatorArgs.join(' ')}` : ''}.`,
  );
}

const unary = load('throughput-unary');
if (unary !== null) {
  sections.push(
    `### Non-streaming throughput (${unary.date.slice(0, 10)})\n\n` +
      table(
        [
          'round',
          'server',
          'req/s',
          'p50 ms',
          'p99 ms',
          'server cores',
          'server µs/request',
          'in kernel',
          'client cores',
          'other cores',
        ],
        unary.runs.map((run) => [
          run.round,
          run.server,
          fixed(run.requestsPerSecond, 0),
          fixed(run.latencyMs.p50),
          fixed(run.latencyMs.p99),
          fixed(run.serverCores, 2),
          fixed(run.serverUsPerRequest, 1),
          percent(run.serverSystemShare),
          fixed(run.clientCpu.cores, 2),
          fixed(run.otherCores, 2),
        ]),
      ) +
      `\n\n${unary.parameters.connections} connections, body ${unary.parameters.bodyBytes} B, ` +
      `log level ${unary.parameters.logLevel}. Emulator / bare node:http = **${fixed(unary.ratio, 3)}** (medians)` +
      (unary.loggingRatio === null
        ? ''
        : `; with the default log level info: ${fixed(unary.loggingRatio, 3)}`) +
      `. By CPU per request (steadier on a shared machine): ${fixed(unary.cpuRatio, 3)}. ` +
      `Bare fastify / bare node:http = ${fixed(unary.fastifyRatio, 3)}.`,
  );
  targets.push([
    'non-streaming throughput ≥ 60 % of bare node:http',
    fixed(unary.ratio, 3),
    verdict(unary.target.met),
  ]);
}

const stream = load('throughput-stream');
if (stream !== null) {
  sections.push(
    `### Streaming throughput, TTFT 0, ITL 0 (${stream.date.slice(0, 10)})\n\n` +
      table(
        [
          'streams',
          'tokens/stream',
          'tokens/s',
          'failed',
          'server cores',
          'server µs/token',
          'in kernel',
          'client cores',
          'other cores',
        ],
        stream.runs.map((run) => [
          run.streams,
          run.tokens,
          fixed(run.tokensPerSecond, 0),
          run.counts.failed + run.counts.tokenMismatch,
          fixed(run.serverCores, 2),
          fixed(run.serverCpuUsPerToken, 2),
          percent(run.serverSystemShare),
          fixed(run.clientCpu.cores, 2),
          fixed(run.otherCores, 2),
        ]),
      ),
  );
  targets.push([
    '≥ 100,000 delivered tokens/s',
    stream.runs.map((run) => `${run.streams}×${run.tokens}: ${fixed(run.tokensPerSecond, 0)}`).join(', '),
    verdict(stream.target.met),
  ]);
}

const fidelity = load('fidelity');
if (fidelity !== null) {
  const { ttftMs, itlMs, tokens } = fidelity.parameters;
  // Levels from extra runs (LEVELS=…) join the table, marked, in order of concurrency.
  const levels = [
    ...fidelity.levels,
    ...loadExtras('fidelity-levels-').flatMap((extra) =>
      extra.levels.map((level) => ({ ...level, extraRun: extra.date.slice(0, 16) })),
    ),
  ].sort((a, b) => a.streams - b.streams);
  sections.push(
    `### Fidelity under concurrency: TTFT ${ttftMs} ms, ITL ${itlMs} ms, ${tokens} tokens (${fidelity.date.slice(0, 10)})\n\n` +
      'Absolute error, observed − configured, in µs, measured by the Go client from its send time; drift is the last token’s error minus the smallest error of any token of its stream. ' +
      'Levels marked * come from a separate run (`LEVELS=…`).\n\n' +
      table(
        Object.keys(fidelityRow(levels[0])),
        levels.map((level) =>
          Object.values({
            ...fidelityRow(level),
            streams: level.extraRun === undefined ? level.streams : `${level.streams}*`,
          }),
        ),
      ),
  );
  const atTarget = fidelity.levels.find((level) => level.streams === fidelity.target.level);
  targets.push([
    `fidelity at ${fidelity.target.level} streams: p99 \\|TTFT error\\| ≤ 1 ms, p99 \\|ITL error\\| ≤ 1 ms`,
    atTarget
      ? `TTFT ${fixed(atTarget.client.ttftAbsErrorMs.p99)} ms, ITL ${fixed(atTarget.client.itlAbsErrorMs.p99)} ms`
      : '—',
    verdict(fidelity.target.met),
  ]);
}

const long = load('long-streams');
if (long !== null) {
  sections.push(
    `### Long streams: TTFT ${long.parameters.ttftMs} ms, ITL ${long.parameters.itlMs} ms, ${long.parameters.streams} streams (${long.date.slice(0, 10)})\n\n` +
      'µs. End error: the last token against its due time from the send, TTFT + (N−1)·ITL (TTFT error included). ' +
      'Drift: the end error minus the smallest error of any token of the same stream. Schedule: every token ' +
      'against its due time from the send.\n\n' +
      table(
        [
          'tokens',
          'streams',
          'TTFT error p50',
          'drift p50',
          'drift max',
          'end error max',
          'schedule p99',
          'ITL abs. error p99',
          'server cores',
          'other cores',
        ],
        long.runs.map(({ tokens, client, serverCores, otherCores }) => [
          tokens,
          client.counts.measured,
          us(client.ttftErrorMs.p50),
          us(client.driftMs.p50),
          us(client.driftMs.max),
          us(client.endErrorMs?.max ?? Number.NaN),
          us(client.scheduleErrorMs.p99),
          us(client.itlAbsErrorMs.p99),
          fixed(serverCores, 2),
          fixed(otherCores, 2),
        ]),
      ),
  );
  const atTarget = long.runs.find((run) => run.tokens === long.target.tokens);
  targets.push([
    `drift after ${long.target.tokens} tokens ≤ 1 ms`,
    atTarget ? `max \\|drift\\| ${fixed(atTarget.client.driftAbsMs.max)} ms` : '—',
    verdict(long.target.met),
  ]);
}

const memory = load('memory');
if (memory !== null) {
  sections.push(
    `### Memory: streams waiting on a ${memory.parameters.ttftMs / 1000} s TTFT (${memory.date.slice(0, 10)})\n\n` +
      table(
        ['streams', 'answered', 'idle RSS MiB', 'held RSS MiB', 'MiB per 1,000 streams'],
        memory.levels.map((level) => [
          level.streams,
          level.ready.headers,
          fixed(level.idleKiB / 1024, 1),
          fixed(level.heldKiB / 1024, 1),
          fixed(level.perThousandMiB, 2),
        ]),
      ),
  );
  targets.push([
    '≤ 20 MB RSS per 1,000 idle open streams',
    memory.levels.map((level) => `${level.streams}: ${fixed(level.perThousandMiB, 2)} MiB`).join(', '),
    verdict(memory.target.met),
  ]);
}

const heap = load('memory-heap');
const heapLevel = heap?.levels.find((level) => level.heapGrowthPer1000 !== null);
if (heapLevel !== undefined) {
  const growth = heapLevel.heapGrowthPer1000;
  sections.push(
    `### Memory: what ${heapLevel.streams} held streams keep alive (${heap.date.slice(0, 10)}, heap snapshots)\n\n` +
      `Live JS heap growth per 1,000 held streams: ${fixed(growth.totalBytesPer / 2 ** 20, 2)} MiB ` +
      `(RSS growth in the same run: ${fixed(heapLevel.perThousandMiB, 2)} MiB). Largest groups by constructor:\n\n` +
      table(
        ['constructor', 'objects per 1,000 streams', 'KiB per 1,000 streams'],
        growth.top.map((row) => [row.name, fixed(row.count, 0), fixed(row.bytes / 1024, 1)]),
      ),
  );
}

const cold = load('cold-start');
if (cold !== null) {
  sections.push(
    `### Cold start (${cold.date.slice(0, 10)}, ${cold.parameters.runs} starts)\n\n` +
      table(
        ['ms from spawn', 'p50', 'p90', 'max'],
        [
          [
            'first /health 200',
            fixed(cold.healthMs.p50, 1),
            fixed(cold.healthMs.p90, 1),
            fixed(cold.healthMs.max, 1),
          ],
          [
            'first chat completion 200',
            fixed(cold.firstChatMs.p50, 1),
            fixed(cold.firstChatMs.p90, 1),
            fixed(cold.firstChatMs.max, 1),
          ],
        ],
      ),
  );
  targets.push([
    'cold start ≤ 500 ms to the first served request',
    `p90 ${fixed(cold.healthMs.p90, 0)} ms (/health), ${fixed(cold.firstChatMs.p90, 0)} ms (chat)`,
    verdict(cold.target.met),
  ]);
}

const prompt = load('prompt-count');
if (prompt !== null) {
  sections.push(
    `### Prompt-token counting (${prompt.date.slice(0, 10)}, in process)\n\n` +
      table(
        ['encoding', 'chars', 'tokens', 'mode', 'p50 ms', 'Mtokens/s', 'MB/s'],
        prompt.rows.map((row) => [
          row.encoding,
          row.chars,
          row.promptTokens,
          row.mode,
          fixed(row.p50Ms),
          fixed(row.tokensPerSecond / 1e6, 2),
          fixed(row.megabytesPerSecond, 1),
        ]),
      ) +
      '\n\n' +
      prompt.tableFirstUse
        .map((load) => `${load.encoding} table built on first use: ${fixed(load.firstUseMs, 0)} ms.`)
        .join(' ') +
      ' ' +
      prompt.pathological
        .map(
          (run) => `${run.encoding}: ${run.chars} letters without a space counted in ${fixed(run.ms, 1)} ms.`,
        )
        .join(' '),
  );
}

const writePath = load('write-path');
if (writePath !== null) {
  const { ttftMs, itlMs, tokens } = writePath.parameters;
  const runs = [writePath, ...loadExtras('write-path-streams-')].flatMap((result) =>
    result.runs.map((run) => ({ ...run, streams: result.parameters.streams })),
  );
  sections.push(
    `### Write path: TTFT ${ttftMs} ms, ITL ${itlMs} ms, ${tokens} tokens (${writePath.date.slice(0, 10)})\n\n` +
      'The same load against the emulator and against a minimal sender (one timer, precomputed chunks), ' +
      'with the 1 ms busy-wait precision window and without it (window 0: the CPU is then the work alone). ' +
      'Absolute errors in µs.\n\n' +
      table(
        [
          'streams',
          'sender',
          'window ms',
          'server µs/token',
          'in kernel',
          'server cores',
          'TTFT p50',
          'TTFT p99',
          'ITL p50',
          'ITL p99',
          'client cores',
          'other cores',
        ],
        runs.map((run) => [
          run.streams,
          run.sender,
          run.windowMs ?? 1,
          fixed(run.serverCpuUsPerToken, 1),
          percent(run.serverSystemShare),
          fixed(run.serverCores, 2),
          us(run.client.ttftAbsErrorMs.p50),
          us(run.client.ttftAbsErrorMs.p99),
          us(run.client.itlAbsErrorMs.p50),
          us(run.client.itlAbsErrorMs.p99),
          fixed(run.client.clientCpu.cores, 2),
          fixed(run.otherCores, 2),
        ]),
      ),
  );
}

const bursts = load('burst');
if (bursts !== null) {
  const { ttftMs, itlMs, tokens } = bursts.configured;
  sections.push(
    `### Bursts of new streams: TTFT ${ttftMs} ms, ITL ${itlMs} ms, ${tokens} tokens (${bursts.date.slice(0, 10)})\n\n` +
      'N new connections at once on a fresh server, then a second burst on the same server, against the ' +
      'emulator and, in the same run on the same CPU, the Go reference sender (`bench/refsender`). ' +
      "Signed errors in ms; ratio: emulator TTFT error p99 over the reference's.\n\n" +
      table(
        [
          'streams',
          'burst',
          'server',
          'headers p50',
          'headers p99',
          'TTFT p50',
          'TTFT p99',
          'TTFT max',
          'ITL p99',
          'ratio',
          'other cores',
        ],
        bursts.runs.map((run) => [
          run.streams,
          run.burst,
          run.server,
          fixed(run.result.headersMs.p50, 1),
          fixed(run.result.headersMs.p99, 1),
          fixed(run.result.ttftErrorMs.p50, 1),
          fixed(run.result.ttftErrorMs.p99, 1),
          fixed(run.result.ttftErrorMs.max, 1),
          fixed(run.result.itlErrorMs.p99, 1),
          run.server === 'emulator'
            ? `${fixed(bursts.ratios.find((ratio) => ratio.streams === run.streams && ratio.burst === run.burst).ttftP99Ratio, 1)}×`
            : '',
          fixed(run.result.otherCores, 2),
        ]),
      ),
  );
}

if (targets.length > 0) {
  sections.unshift(`### Targets\n\n${table(['target', 'measured', 'verdict'], targets)}`);
}
const markdown = sections.join('\n\n');
if (process.argv.includes('--write')) {
  const file = join(BENCH_DIR, '..', 'BENCHMARKS.md');
  const start = '<!-- results:start (generated by node bench/summary.mjs --write) -->';
  const end = '<!-- results:end -->';
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file} lacks the markers ${start} … ${end}`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n\n${markdown}\n\n${text.slice(to)}`);
  console.log(`updated ${file}`);
} else {
  console.log(markdown);
}
