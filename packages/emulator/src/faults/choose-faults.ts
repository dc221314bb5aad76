import {
  type ErrorKind,
  type Fault,
  formatFault,
  type SelectionMode,
  SHARE_ALL,
  type ShareSelector,
} from '@tokenpace/core';
import type { ScriptedRule } from '../scripted/scripted-rule.js';
import type { FaultsConfig } from './fault-settings.js';
import type { FaultHeaders } from './request-headers.js';

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
export function chooseInjectedError(sources: FaultSources, selector: ShareSelector): ErrorKind | null {
  const { headers, rule, config } = sources;
  if (headers.error !== undefined || headers.errorRate !== undefined) {
    const kind = headers.error ?? rule?.error ?? config.error;
    const share = headers.errorRate ?? SHARE_ALL;
    return selector.select(`header:${kind.id}`, share, headers.mode ?? config.mode) ? kind : null;
  }
  if (rule !== null && (rule.error !== null || rule.errorRate !== null)) {
    const kind = rule.error ?? config.error;
    return selector.select(`rule:${rule.name}`, rule.errorRate ?? SHARE_ALL, config.mode) ? kind : null;
  }
  return selector.select('config', config.errorRate, config.mode) ? config.error : null;
}

/**
 * The delivery faults that apply to a request: those of its X-Fault header, else of its rule, else of the
 * config, each kept or not by its own rate.
 */
export function chooseFaults(sources: FaultSources, selector: ShareSelector): Fault[] {
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
  return candidates.filter((fault) => selector.select(`${source}:${formatFault(fault)}`, fault.share, mode));
}
