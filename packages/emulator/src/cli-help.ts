import { CONFIG_FILE_ENV, SETTING_OPTIONS } from './config/config-options.js';
import { optionHelpText } from './config/setting-defaults.js';

/** `--help` text, generated from the options table so that flags, variables and help never disagree. */
export function helpText(): string {
  const rows: [flag: string, text: string, env?: string][] = [
    ['--config FILE', 'YAML or JSON config file', CONFIG_FILE_ENV],
    ...SETTING_OPTIONS.map((option): [string, string, string] => [
      `--${option.flag}${option.valueName === '' ? '' : ` ${option.valueName}`}`,
      optionHelpText(option),
      option.env,
    ]),
    ['--print-config', 'print the resolved configuration as YAML (secrets redacted) and exit'],
    ['-h, --help', 'print this help'],
  ];
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    'Usage: tokenpace-emulator [options]',
    '',
    'An OpenAI-API emulator with programmable time to first token (X-TTFT-MS), inter-token latency (X-ITL-MS)',
    'and exact output tokens (X-OUTPUT-LENGTH). Settings: defaults < config file < environment < flags.',
    '',
    'Options:',
    ...rows.flatMap(([flag, text, env]) => [
      `  ${flag.padEnd(width)}${text}`,
      ...(env === undefined ? [] : [`  ${''.padEnd(width)}env ${env}`]),
    ]),
    '',
  ].join('\n');
}
