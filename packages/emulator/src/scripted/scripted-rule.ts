import type {
  CompiledTemplate,
  ErrorKind,
  Fault,
  LatencySpec,
  PrioritizedRule,
  Share,
  ToolCallOverride,
} from '@tokenpace/core';

/** What a rule answers with: a fixed text (written inline or read from a file), a template, or a module. */
export type RuleResponse =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'template'; readonly template: CompiledTemplate }
  | { readonly kind: 'module'; readonly path: string };

/** A rule ready to match: patterns compiled, files read, specs parsed. */
export interface ScriptedRule extends PrioritizedRule {
  readonly name: string;
  readonly response: RuleResponse | null;
  readonly timing: {
    readonly ttft: LatencySpec | null;
    readonly itl: LatencySpec | null;
    readonly outputLength: number | null;
  };
  readonly error: ErrorKind | null;
  readonly errorRate: Share | null;
  readonly faults: readonly Fault[] | null;
  /** The tool-call override of matched requests with tools; the X-Tool-Call header still wins. */
  readonly toolCall: ToolCallOverride | null;
}

export interface ScriptedConfig {
  /** In the order they are tried (priority, then as written). */
  readonly rules: readonly ScriptedRule[];
}
