#!/usr/bin/env node
// `pnpm k6 <args>`: the k6 binary with the tokenpace extension, built if missing or stale, run with the settings
// tokenpace runs want unless the caller set them: no usage report, no network lookup of missing extensions.
import { join } from 'node:path';
import { K6_BINARY, ROOT, run, runOrExit } from './lib/processes.mjs';

await runOrExit(process.execPath, [join(ROOT, 'packages', 'load', 'scripts', 'build-k6.mjs'), '--quiet']);
const code = await run(K6_BINARY, process.argv.slice(2), {
  cwd: process.env.INIT_CWD ?? process.cwd(),
  env: {
    K6_NO_USAGE_REPORT: process.env.K6_NO_USAGE_REPORT ?? 'true',
    K6_AUTO_EXTENSION_RESOLUTION: process.env.K6_AUTO_EXTENSION_RESOLUTION ?? 'false',
  },
});
process.exit(code);
