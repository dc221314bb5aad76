import {
  type ErrorKind,
  type Fault,
  formatFault,
  type SelectionMode,
  SHARE_ALL,
  type Share,
} from '@tokenpace/core';
import type { ScriptedRule } from '../scripted/scripted-rule.js';
import type { FaultsConfig } from './fault-settings.js';
import type { FaultHeaders } from './request-headers.js';

/** Decides whether a request counted under `key` falls in `share`: exact counters or seeded draws. */
export type ShareChoice = (key: string, share: Share, mode: SelectionMode) => boolean | Promise<boolean>;

/** Where a request's error or faults come from, most specific first: its headers, a rule, the config. */
export interface FaultSources {
  headers: FaultHeaders;
  rule: ScriptedRule | null;
  config: FaultsConfig;
}

/**
 * The error to inject into a request, or null: its headers decide when it sends X-Error or X-Error-Rate (X-Error
 * alone fails every request, X-Error-Rate alone fails that share with the configured error); else its rule's
 * error and errorRate; else the configured errorRate. Each source counts its own exact ratio.
 */
export async function chooseInjectedError(
  sources: FaultSources,
  choose: ShareChoice,
): Promise<ErrorKind | null> {
  const { headers, rule, config } = sources;
  if (headers.error !== undefined || headers.errorRate !== undefined) {
    const kind = headers.error ?? rule?.error ?? config.error;
    const share = headers.errorRate ?? SHARE_ALL;
    return (await choose(`header:${kind.id}`, share, headers.mode ?? config.mode)) ? kind : null;
  }
  if (rule !== null && (rule.error !== null || rule.errorRate !== null)) {
    const kind = rule.error ?? config.error;
    return (await choose(`rule:${rule.name}`, rule.errorRate ?? SHARE_ALL, config.mode)) ? kind : null;
  }
  return (await choose('config', config.errorRate, config.mode)) ? config.error : null;
}

/**
 * The delivery faults that apply to a request: those of its X-Fault header, else of its rule, else of the
 * config, each kept or not by its own rate.
 */
export async function chooseFaults(sources: FaultSources, choose: ShareChoice): Promise<Fault[]> {
  const { headers, rule, config } = sources;
  let candidates: readonly Fault[];
  let source: string;
  let mode: SelectionMode = config.mode;
  if (headers.faults !== undefined) {
    candidates = headers.faults;
    source = 'header';
    mode = headers.mode ?? config.mode;
  } else if (rule !== null && rule.faults !== null) {
    candidates = rule.faults;
    source = `rule:${rule.name}`;
  } else {
    candidates = config.inject;
    source = 'config';
  }
  const chosen: Fault[] = [];
  for (const fault of candidates) {
    if (await choose(`${source}:${formatFault(fault)}`, fault.share, mode)) chosen.push(fault);
  }
  return chosen;
}
