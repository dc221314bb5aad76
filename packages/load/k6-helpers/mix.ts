// A request mix by weight from the environment: MIX="chat_stream:6,chat_unary:2,completion_stream:1".
import type { Weighted } from './pick.ts';

/** Parses `name:weight,…` over the known names; a name alone weighs 1. Fails naming the variable. */
export function parseMix<T>(name: string, text: string, known: Readonly<Record<string, T>>): Weighted<T>[] {
  const entries: Weighted<T>[] = [];
  for (const item of text.split(',')) {
    const [label = '', weightText = '1', ...rest] = item.trim().split(':');
    const value = known[label];
    const weight = Number(weightText);
    if (value === undefined || rest.length > 0 || !Number.isInteger(weight) || weight < 0) {
      throw new Error(
        `Invalid ${name} entry ${JSON.stringify(item)}: expected name:weight (a whole number) with a name of ${Object.keys(known).join(', ')}.`,
      );
    }
    if (weight > 0) entries.push({ weight, value });
  }
  if (entries.length === 0)
    throw new Error(`Invalid ${name}=${JSON.stringify(text)}: no entry has a positive weight.`);
  return entries;
}
