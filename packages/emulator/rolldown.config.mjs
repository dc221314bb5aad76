// The CLI as one file: every module of the emulator and of its dependencies in dist/cli.js, so that a start
// reads and compiles one file instead of resolving and loading some 1,300 modules (about half of the start
// before). The tokenizer's rank tables go beside it in their binary form (dist/ranks/), which the server reads
// instead of building them from js-tiktoken's rank text; the 3.4 MB of rank text stay out of the bundle, where
// reading and compiling them cost every start about 30 ms. Runs after tsc, whose dist/ is the library
// (dist/index.js and its types) and supplies the rank file names.
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ENCODING_NAMES, rankTableBinary } from '@tokenpace/core';
import { defineConfig } from 'rolldown';
import { rankFileName } from './dist/generation/rank-tables.js';

const RANK_MODULE = /[\\/]js-tiktoken[\\/]dist[\\/]ranks[\\/](\w+)\.c?js$/;

/**
 * Writes each encoding's rank table into ranks/ beside the bundle, and gives the bundle js-tiktoken's rank
 * modules without their text: the pattern stays, the text is never read, because the server takes every table
 * from ranks/ (see src/generation/rank-tables.ts).
 */
const rankTables = {
  name: 'tokenpace-rank-tables',
  async load(id) {
    const match = RANK_MODULE.exec(id);
    if (match === null) return null;
    const encoding = match[1];
    const { default: ranks } = await import(pathToFileURL(id).href);
    const missing = `this build takes the ${encoding} ranks from ranks/${rankFileName(encoding)} beside it, which is missing: rebuild the emulator`;
    return [
      'export default {',
      `  pat_str: ${JSON.stringify(ranks.pat_str)},`,
      `  special_tokens: ${JSON.stringify(ranks.special_tokens)},`,
      `  get bpe_ranks() { throw new Error(${JSON.stringify(missing)}); },`,
      '};',
    ].join('\n');
  },
  generateBundle() {
    for (const encoding of ENCODING_NAMES) {
      this.emitFile({
        type: 'asset',
        fileName: `ranks/${rankFileName(encoding)}`,
        source: rankTableBinary(encoding),
      });
    }
  },
};

/** Core arrives compiled; its source maps go into the bundle's, so that its frames too point at TypeScript. */
const coreSourceMaps = {
  name: 'tokenpace-core-source-maps',
  load(id) {
    if (!/[\\/]packages[\\/]core[\\/]dist[\\/].*\.js$/.test(id) || !existsSync(`${id}.map`)) return null;
    return { code: readFileSync(id, 'utf8'), map: readFileSync(`${id}.map`, 'utf8') };
  },
};

export default defineConfig({
  input: 'src/cli.ts',
  platform: 'node',
  plugins: [rankTables, coreSourceMaps],
  output: {
    file: 'dist/cli.js',
    format: 'esm',
    codeSplitting: false,
    // Only licence notices: the source map leads to the commented sources.
    comments: { legal: true, annotation: false, jsdoc: false },
    sourcemap: true,
    sourcemapExcludeSources: true,
  },
});
