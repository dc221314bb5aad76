import { describe, expect, it } from 'vitest';
import { helpText } from '../cli-help.js';
import { SETTING_OPTIONS } from './config-options.js';
import { formatSettingDefault, optionHelpText, settingDefault } from './setting-defaults.js';

describe('setting defaults', () => {
  it('finds a default in DEFAULT_SETTINGS for every option', () => {
    for (const option of SETTING_OPTIONS) {
      expect(() => settingDefault(option.path), option.flag).not.toThrow();
    }
  });

  it('leaves defaults out of hand-written descriptions, so they cannot drift from the settings', () => {
    const stating = SETTING_OPTIONS.filter((option) => /\(default\b/i.test(option.description));
    expect(stating.map((option) => option.flag)).toEqual([]);
  });

  it('states the defaults the server uses in the help text', () => {
    const help = helpText();
    expect(help).toContain('port to listen on; 0 picks a free one and prints it (default 3000)');
    expect(help).toContain('interface to listen on (default 127.0.0.1)');
    expect(help).toContain('(default 100)');
    expect(help).toContain('largest request body accepted (default 33554432)');
  });

  it('formats lists, empty values and numbers as they are written on the command line', () => {
    expect(formatSettingDefault([])).toBe('none');
    expect(formatSettingDefault(['a', 'b'])).toBe('a,b');
    expect(formatSettingDefault('')).toBe('none');
    expect(formatSettingDefault(0)).toBe('0');
    expect(formatSettingDefault('exact')).toBe('exact');
  });

  it('rejects a path the settings do not have', () => {
    expect(() => settingDefault(['limits', 'noSuchLimit'])).toThrow(
      'No default for setting limits.noSuchLimit: DEFAULT_SETTINGS has no noSuchLimit',
    );
    expect(() => settingDefault(['port', 'deeper'])).toThrow('DEFAULT_SETTINGS has no deeper');
  });

  it('says nothing about the default of a flag without a value', () => {
    const strict = SETTING_OPTIONS.find((option) => option.flag === 'strict-models');
    expect(strict && optionHelpText(strict)).toBe(strict?.description);
  });
});
