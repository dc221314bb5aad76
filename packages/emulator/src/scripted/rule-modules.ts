import { pathToFileURL } from 'node:url';
import { ConfigError } from '../config/config-error.js';
import type { ScriptedRule } from './scripted-rule.js';

/** What a rule's module is given: the request, without its credentials. */
export interface ScriptedRequest {
  /** The request id (`x-request-id`). */
  id: string;
  model: string;
  /** `/v1/chat/completions` or `/v1/completions`. */
  path: string;
  /** The request body as the client sent it. */
  body: unknown;
  lastUserMessage: string | null;
  systemPrompt: string | null;
  /** Request headers, lower-case, without `authorization` and `api-key`. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The name of the rule that matched. */
  rule: string;
}

/** What `respond` returns: the text to answer with, or null (or undefined) to answer with generated text. */
export type ScriptedAnswer = { text: string } | null | undefined;

export type RespondFunction = (request: ScriptedRequest) => ScriptedAnswer | Promise<ScriptedAnswer>;

/** Modules imported once per process, by absolute path, so every app built in it shares them. */
const loaded = new Map<string, RespondFunction>();

async function importRespond(path: string): Promise<RespondFunction | string> {
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (error) {
    return `cannot be loaded (${(error as Error).message.split('\n')[0]})`;
  }
  const fromDefault = (namespace.default as Record<string, unknown> | undefined)?.respond;
  const respond = namespace.respond ?? fromDefault;
  return typeof respond === 'function'
    ? (respond as RespondFunction)
    : 'exports no respond function (export function respond(request) { return { text } })';
}

/**
 * Imports the module of every rule that names one, once; a module that fails to load or exports no `respond`
 * is a configuration error, listing every such rule.
 */
export async function loadRuleModules(rules: readonly ScriptedRule[]): Promise<void> {
  const problems: string[] = [];
  for (const rule of rules) {
    const response = rule.response;
    if (response?.kind !== 'module' || loaded.has(response.path)) continue;
    const outcome = await importRespond(response.path);
    if (typeof outcome === 'string')
      problems.push(`scripted rule ${rule.name}: module ${response.path} ${outcome}`);
    else loaded.set(response.path, outcome);
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** The `respond` function of a module loaded by loadRuleModules. */
export function respondFunction(path: string): RespondFunction {
  const respond = loaded.get(path);
  if (respond === undefined) throw new Error(`The module ${path} was not loaded at start.`);
  return respond;
}
