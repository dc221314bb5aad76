import type { RequestView } from './request-view.js';

/** The conditions of a rule; every one given must hold. */
export interface RuleConditions {
  /** Tested against the whole model id. */
  readonly model: RegExp | null;
  /** Searched in the last user message. */
  readonly content: RegExp | null;
  /** Searched in the system prompt. */
  readonly system: RegExp | null;
}

export interface PrioritizedRule {
  readonly priority: number;
  readonly when: RuleConditions;
}

export function ruleMatches(when: RuleConditions, view: RequestView): boolean {
  if (when.model !== null && !when.model.test(view.model)) return false;
  if (when.content !== null && (view.lastUserMessage === null || !when.content.test(view.lastUserMessage))) {
    return false;
  }
  if (when.system !== null && (view.systemPrompt === null || !when.system.test(view.systemPrompt))) {
    return false;
  }
  return true;
}

/** Rules in the order they are tried: higher priority first, and in written order among equals. */
export function orderRules<Rule extends PrioritizedRule>(rules: readonly Rule[]): Rule[] {
  return rules
    .map((rule, index) => ({ rule, index }))
    .sort((a, b) => b.rule.priority - a.rule.priority || a.index - b.index)
    .map(({ rule }) => rule);
}

/** The first rule of `ordered` (see orderRules) whose conditions hold for `view`, or undefined. */
export function findRule<Rule extends PrioritizedRule>(
  ordered: readonly Rule[],
  view: RequestView,
): Rule | undefined {
  for (const rule of ordered) if (ruleMatches(rule.when, view)) return rule;
  return undefined;
}
