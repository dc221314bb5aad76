/** A scripted rule that cannot be used as written: a bad pattern or template. The config loader lists it. */
export class ScriptedRuleError extends Error {
  readonly code = 'invalid_scripted_rule' as const;

  constructor(message: string) {
    super(message);
    this.name = 'ScriptedRuleError';
  }
}
