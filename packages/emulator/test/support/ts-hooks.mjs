// Module hooks that let a real `node` process run the emulator's TypeScript source, so that tests of the CLI,
// signals and workers exercise the code under test rather than a build that may be stale. Each file is
// transpiled alone (types are the typecheck's job) and cached by content hash, so only changed files pay for
// loading TypeScript.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CACHE_DIR = join(tmpdir(), 'tokenpace-ts-cache');
let typescript = null;

export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    // Source imports name their siblings `.js`, as the build emits them; the source has `.ts`.
    if (
      error?.code === 'ERR_MODULE_NOT_FOUND' &&
      specifier.endsWith('.js') &&
      !specifier.includes('node_modules')
    ) {
      return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
    }
    throw error;
  }
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const path = fileURLToPath(url);
  const source = readFileSync(path, 'utf8');
  const key = createHash('sha256').update(path).update('\0').update(source).digest('hex');
  const cached = join(CACHE_DIR, `${key}.js`);
  try {
    return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  } catch {
    // Not transpiled yet.
  }
  typescript ??= (await import('typescript')).default;
  const { outputText } = typescript.transpileModule(source, {
    fileName: path,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      verbatimModuleSyntax: true,
      inlineSourceMap: true,
    },
  });
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(cached, outputText);
  return { format: 'module', source: outputText, shortCircuit: true };
}
