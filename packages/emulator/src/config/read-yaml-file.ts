import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * Reads and parses a YAML or JSON file (YAML is a superset of JSON). A failure goes to `problems` as
 * `<label> <path>: …` and gives undefined; an empty file parses as null.
 */
export function readYamlFile(
  path: string,
  label: string,
  problems: string[],
): { parsed: unknown } | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(
      `${label} ${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
    return undefined;
  }
  try {
    return { parsed: parse(text) };
  } catch (error) {
    problems.push(`${label} ${path}: is not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`);
    return undefined;
  }
}
