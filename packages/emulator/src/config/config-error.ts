/** The configuration is invalid; `problems` lists every problem found, each naming its key, variable or flag. */
export class ConfigError extends Error {
  readonly code = 'invalid_config' as const;
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
