#!/usr/bin/env node
// Writes docs/configuration.md from the emulator's own settings definitions: the schema (keys, types, ranges),
// DEFAULT_SETTINGS (defaults) and SETTING_OPTIONS (flags, variables, descriptions). Nothing in the page is typed
// by hand except its prose, so a default cannot drift from the code.
//
//   node scripts/config-reference.mjs           rewrite docs/configuration.md
//   node scripts/config-reference.mjs --check   exit 1 when the committed page differs from the code
//
// It reads the emulator's build (packages/emulator/dist), so build the emulator first.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const distConfig = join(root, 'packages/emulator/dist/config');
const pagePath = join(root, 'docs/configuration.md');

if (!existsSync(join(distConfig, 'config-schema.js'))) {
  process.stderr.write(
    'config-reference: packages/emulator/dist is missing; build it first:\n' +
      '  npx --yes pnpm@10.34.8 exec turbo run build --filter=@tokenpace/emulator...\n',
  );
  process.exit(2);
}

const load = (file) => import(pathToFileURL(join(distConfig, file)).href);
const { SettingsSchema, DEFAULT_SETTINGS } = await load('config-schema.js');
const { SETTING_OPTIONS, CONFIG_FILE_ENV } = await load('config-options.js');
const { settingDefault, formatSettingDefault } = await load('setting-defaults.js');
const { printConfig } = await load('print-config.js');

/** Keys that only a config file can set, and where they are described. */
const FILE_ONLY_KEYS = {
  'scripted.rules':
    'inline scripted rules, keys below; see [Faults and rules](faults-and-rules.md#scripted-responses)',
  modelProfiles:
    'timing, errors and faults of every request for a model id (or a glob such as `slow-*`), for gateways that drop the timing headers; headers that arrive still win, and written rules win over a profile',
};

/** Top-level keys whose leaves are grouped under their own heading, in this order; the rest are "Server". */
const SECTION_TITLES = {
  timing: 'Timing defaults',
  caps: 'Caps on timing headers',
  limits: 'Limits',
  groundTruth: 'Ground-truth log',
  auth: 'API keys',
  rateLimits: 'Rate limits',
  faults: 'Injected errors and faults',
  scripted: 'Scripted responses',
  cors: 'CORS',
};

/** Every leaf of the settings schema with its path; objects without fixed properties are leaves (maps). */
function leaves(schema, path = []) {
  if (schema.type === 'object' && schema.properties !== undefined) {
    return Object.entries(schema.properties).flatMap(([key, child]) => leaves(child, [...path, key]));
  }
  return [{ path, schema }];
}

/** The values a key accepts, in words, from its JSON schema. */
function describeValues(schema) {
  if (schema.anyOf !== undefined) return schema.anyOf.map(describeValues).join(' or ');
  if (schema.enum !== undefined) return schema.enum.map((value) => `\`${value}\``).join(', ');
  if (schema.const !== undefined) return `\`${schema.const}\``;
  const range = (kind) => {
    const { minimum: min, maximum: max } = schema;
    if (min !== undefined && max !== undefined) return `${kind} ${min}–${max}`;
    if (min !== undefined) return `${kind} ≥ ${min}`;
    if (max !== undefined) return `${kind} ≤ ${max}`;
    return kind;
  };
  switch (schema.type) {
    case 'integer':
      return range('integer');
    case 'number':
      return range('number');
    case 'boolean':
      return '`true`, `false`';
    case 'string':
      return 'text';
    case 'array':
      return schema.items?.type === 'object' ? 'list of objects' : 'list';
    case 'object': {
      // A map (TypeBox Record): name the keys each entry takes.
      const entry = Object.values(schema.patternProperties ?? {})[0] ?? schema.additionalProperties;
      const keys = entry?.properties === undefined ? [] : Object.keys(entry.properties);
      return keys.length === 0 ? 'map' : `map of entries with ${keys.map((key) => `\`${key}\``).join(', ')}`;
    }
    default:
      return 'any';
  }
}

const code = (text) => `\`${text.replaceAll('|', '\\|')}\``;
const cell = (text) => text.replaceAll('|', '\\|');

function defaultText(path) {
  const value = settingDefault(path);
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return Object.keys(value).length === 0 ? 'none' : code(JSON.stringify(value));
  }
  const text = formatSettingDefault(value);
  return text === 'none' ? 'none' : code(text);
}

function row(path, schema) {
  const key = path.join('.');
  const option = SETTING_OPTIONS.find((entry) => entry.path.join('.') === key);
  const flag = option
    ? code(`--${option.flag}${option.valueName === '' ? '' : ` ${option.valueName}`}`)
    : '—';
  const variable = option ? code(option.env) : '—';
  const meaning = option
    ? cell(option.description)
    : cell(schema.description ?? FILE_ONLY_KEYS[key] ?? 'set in a config file only');
  return `| ${code(key)} | ${flag} | ${variable} | ${defaultText(path)} | ${describeValues(schema)} | ${meaning} |`;
}

function section(title, rows) {
  return [
    `## ${title}`,
    '',
    '| key | flag | variable | default | values | meaning |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
}

const all = leaves(SettingsSchema);
const unknownOptions = SETTING_OPTIONS.filter(
  (option) => !all.some(({ path }) => path.join('.') === option.path.join('.')),
);
if (unknownOptions.length > 0) {
  process.stderr.write(
    `config-reference: options without a key in the settings schema: ${unknownOptions.map((option) => option.flag).join(', ')}\n`,
  );
  process.exit(1);
}

const grouped = new Map([['', []], ...Object.keys(SECTION_TITLES).map((key) => [key, []])]);
for (const { path, schema } of all) {
  const group = path.length > 1 ? path[0] : '';
  if (!grouped.has(group)) grouped.set(group, []);
  grouped.get(group).push(row(path, schema));
}

const generated = [
  '# Configuration reference',
  '',
  "<!-- Generated by scripts/config-reference.mjs from the emulator's settings definitions; do not edit by hand.",
  '     Rebuild the emulator and run `node scripts/config-reference.mjs` after changing a setting. -->',
  '',
  'Every setting of the emulator, with its config-file key, flag, environment variable and default. Settings',
  `come from defaults < a YAML or JSON file (\`--config FILE\`, \`${CONFIG_FILE_ENV}\`) < \`TOKENPACE_*\``,
  'environment variables < flags, and are validated once at start: an invalid configuration exits with code 2',
  'and lists every problem, naming the key, variable or flag. `--print-config` prints the resolved',
  'configuration as YAML (API keys redacted) and exits 0; fed back with `--config`, it gives the same server.',
  '',
  'How the settings behave is described with their features: [running the emulator](running.md),',
  '[timing](timing.md), [faults and rules](faults-and-rules.md), [processes and limits](processes-and-limits.md). Lists are written',
  'comma-separated in flags and variables (`--models gpt-4o,gpt-4o-mini`) and as YAML lists in a file.',
  '',
  ...[...grouped].flatMap(([group, rows]) =>
    rows.length === 0 ? [] : section(group === '' ? 'Server' : (SECTION_TITLES[group] ?? group), rows),
  ),
  '## Scripted rule keys',
  '',
  'Rules (`scripted.rules` in the config file, or a `--rules-file`) take: `name` (default `rule-N`, its place',
  'in the list), `priority` (integer, default 0), `match.model`, `match.content`, `match.system`,',
  '`response.text` | `response.file` | `response.template` | `response.module` (exactly one), `timing.ttft`,',
  '`timing.itl`, `timing.outputLength`, `error`, `errorRate`, `faults`.',
  '',
  '## Every key with its default',
  '',
  'What `--print-config` prints for a server started without settings:',
  '',
  '```yaml',
  printConfig(DEFAULT_SETTINGS).trimEnd(),
  '```',
  '',
  'The primary process of `--workers` sets `TOKENPACE_WORKER_INDEX` and `TOKENPACE_WORKER_COUNT` for its',
  'workers; they are not settings.',
  '',
].join('\n');

/** The page as the repository's formatter lays it out (aligned tables), so `biome check` accepts it as written. */
function formatted(markdown) {
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const result = spawnSync(biome, ['format', `--stdin-file-path=${pagePath}`], {
    input: markdown,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    process.stderr.write(
      `config-reference: biome could not format the page: ${result.error?.message ?? result.stderr}\n`,
    );
    process.exit(2);
  }
  return result.stdout;
}

const page = formatted(generated);

if (process.argv.includes('--check')) {
  const committed = existsSync(pagePath) ? readFileSync(pagePath, 'utf8') : '';
  if (committed !== page) {
    process.stderr.write(
      'config-reference: docs/configuration.md differs from the settings in code; run node scripts/config-reference.mjs\n',
    );
    process.exit(1);
  }
  process.stdout.write('config-reference: docs/configuration.md matches the settings in code\n');
} else {
  writeFileSync(pagePath, page);
  process.stdout.write(`config-reference: wrote ${pagePath.slice(root.length + 1)}\n`);
}
