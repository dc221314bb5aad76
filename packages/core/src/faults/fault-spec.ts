import { type ErrorKind, errorKind, parseErrorKind } from './error-kinds.js';
import { faultError } from './fault-parse-error.js';
import { formatShare, parseShare, SHARE_ALL, type Share } from './share.js';

/**
 * A fault in how a response is delivered. Token counts are content tokens per choice (stream steps):
 * - `disconnect`: the connection is cut where token `afterTokens` would have gone out (at its due time);
 * - `stall`: tokens from `afterTokens` on (and what follows them) go out `stallMs` later;
 * - `error`: an error event (`data: {"error":…}`) replaces token `afterTokens`, then the stream ends;
 * - `no-done`: the stream ends without `data: [DONE]`;
 * - `no-usage`: the usage chunk is left out even when `stream_options.include_usage` asked for it.
 * Each applies to `share` of the requests it is offered to.
 */
export type Fault =
  | { readonly kind: 'disconnect'; readonly afterTokens: number; readonly share: Share }
  | { readonly kind: 'stall'; readonly afterTokens: number; readonly stallMs: number; readonly share: Share }
  | { readonly kind: 'error'; readonly afterTokens: number; readonly error: ErrorKind; readonly share: Share }
  | { readonly kind: 'no-done'; readonly share: Share }
  | { readonly kind: 'no-usage'; readonly share: Share };

export type FaultKind = Fault['kind'];

export const FAULT_KINDS: readonly FaultKind[] = ['disconnect', 'stall', 'error', 'no-done', 'no-usage'];

/** The header value (or config text) that turns every fault off, e.g. to override the config per request. */
export const NO_FAULTS = 'none';

/** Largest `after`: far beyond any output length, small enough to stay an exact integer everywhere. */
const MAX_AFTER_TOKENS = 2 ** 31 - 1;
const FAULT_PATTERN = /^([a-z-]+)\s*(?:\(([^()]*)\))?$/i;
const INTEGER_PATTERN = /^\d+$/;
const NUMBER_PATTERN = /^(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Parameters each kind takes; `required` ones must be given. */
const PARAMETERS: Readonly<
  Record<FaultKind, { readonly names: readonly string[]; readonly required: readonly string[] }>
> = {
  disconnect: { names: ['after', 'rate'], required: [] },
  stall: { names: ['after', 'ms', 'rate'], required: ['ms'] },
  error: { names: ['after', 'status', 'rate'], required: [] },
  'no-done': { names: ['rate'], required: [] },
  'no-usage': { names: ['rate'], required: [] },
};

const FORMS =
  'use disconnect(after=N), stall(after=N,ms=M), error(after=N,status=S), no-done or no-usage, each with an ' +
  'optional rate=SHARE, separated by commas.';

function isKind(name: string): name is FaultKind {
  return Object.hasOwn(PARAMETERS, name);
}

/** Splits at commas outside parentheses: `stall(after=1,ms=5), no-done` is two faults. */
function splitTopLevel(text: string): string[] | null {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '(') depth++;
    else if (char === ')') depth--;
    if (depth < 0 || depth > 1) return null;
    if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  if (depth !== 0) return null;
  parts.push(text.slice(start));
  return parts.map((part) => part.trim());
}

interface ParseContext {
  param: string;
  text: string;
  maxStallMs: number;
}

function parseParameters(
  kind: FaultKind,
  body: string | undefined,
  context: ParseContext,
): Map<string, string> {
  const values = new Map<string, string>();
  const allowed = PARAMETERS[kind];
  if (body !== undefined && body.trim() !== '') {
    for (const pair of body.split(',')) {
      const equals = pair.indexOf('=');
      const name = (equals < 0 ? pair : pair.slice(0, equals)).trim().toLowerCase();
      if (equals < 0)
        throw faultError(context.param, context.text, `gives ${kind} '${name}' without a value.`);
      if (!allowed.names.includes(name)) {
        throw faultError(
          context.param,
          context.text,
          `gives ${kind} an unknown '${name}'; it takes ${allowed.names.join(', ')}.`,
        );
      }
      if (values.has(name)) throw faultError(context.param, context.text, `gives ${kind} '${name}' twice.`);
      values.set(name, pair.slice(equals + 1).trim());
    }
  }
  for (const name of allowed.required) {
    if (!values.has(name))
      throw faultError(
        context.param,
        context.text,
        `lacks ${name}; ${kind} takes ${allowed.names.join(', ')}.`,
      );
  }
  return values;
}

function afterTokens(values: ReadonlyMap<string, string>, context: ParseContext): number {
  const text = values.get('after');
  if (text === undefined) return 0;
  const value = Number(text);
  if (!INTEGER_PATTERN.test(text) || value > MAX_AFTER_TOKENS) {
    throw faultError(
      context.param,
      context.text,
      `has after=${text}; after is a whole number of tokens from 0.`,
    );
  }
  return value;
}

function stallMs(values: ReadonlyMap<string, string>, context: ParseContext): number {
  const text = values.get('ms') as string;
  if (!NUMBER_PATTERN.test(text)) {
    throw faultError(context.param, context.text, `has ms=${text}; ms is a number of milliseconds from 0.`);
  }
  const value = Number(text);
  if (value > context.maxStallMs) {
    throw faultError(
      context.param,
      context.text,
      `stalls ${text} ms, above the cap of ${context.maxStallMs} ms.`,
    );
  }
  return value;
}

function parseFault(part: string, context: ParseContext): Fault {
  const match = FAULT_PATTERN.exec(part);
  const name = match?.[1]?.toLowerCase() ?? '';
  if (match === null || !isKind(name)) {
    throw faultError(context.param, context.text, `has '${part}', which is not a fault; ${FORMS}`);
  }
  const values = parseParameters(name, match[2], context);
  const rate = values.get('rate');
  const share = rate === undefined ? SHARE_ALL : parseShare(rate, `${context.param} rate`);
  switch (name) {
    case 'disconnect':
      return { kind: name, afterTokens: afterTokens(values, context), share };
    case 'stall':
      return {
        kind: name,
        afterTokens: afterTokens(values, context),
        stallMs: stallMs(values, context),
        share,
      };
    case 'error': {
      const status = values.get('status');
      const error =
        status === undefined ? errorKind('server_error') : parseErrorKind(status, `${context.param} status`);
      return { kind: name, afterTokens: afterTokens(values, context), error, share };
    }
    case 'no-done':
    case 'no-usage':
      return { kind: name, share };
  }
}

/**
 * Parses a fault list such as `stall(after=5,ms=2000), disconnect(after=20,rate=1%)`, or `none`. `param`
 * names the header or config key in errors; stalls above `maxStallMs` are rejected.
 */
export function parseFaults(text: string, param: string, maxStallMs: number): Fault[] {
  const context: ParseContext = { param, text, maxStallMs };
  const trimmed = text.trim();
  if (trimmed.toLowerCase() === NO_FAULTS) return [];
  if (trimmed === '') throw faultError(param, text, `is empty; ${FORMS}`);
  const parts = splitTopLevel(trimmed);
  if (parts === null) throw faultError(param, text, `has unbalanced parentheses; ${FORMS}`);
  return parts.map((part) => parseFault(part, context));
}

/** Canonical text of one fault, as response headers and logs show it: `stall(after=5,ms=2000)`. */
export function formatFault(fault: Fault): string {
  const parameters: string[] = [];
  if (fault.kind === 'disconnect' || fault.kind === 'stall' || fault.kind === 'error') {
    parameters.push(`after=${fault.afterTokens}`);
  }
  if (fault.kind === 'stall') parameters.push(`ms=${fault.stallMs}`);
  if (fault.kind === 'error') parameters.push(`status=${fault.error.id}`);
  if (fault.share.numerator !== fault.share.denominator) parameters.push(`rate=${formatShare(fault.share)}`);
  return parameters.length === 0 ? fault.kind : `${fault.kind}(${parameters.join(',')})`;
}

/** Canonical text of a fault list; `none` when empty. */
export function formatFaults(faults: readonly Fault[]): string {
  return faults.length === 0 ? NO_FAULTS : faults.map(formatFault).join(', ');
}
