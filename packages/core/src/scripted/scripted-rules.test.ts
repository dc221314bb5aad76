import { describe, expect, it } from 'vitest';
import { compileModelPattern, compileTextPattern } from './patterns.js';
import { chatRequestView, completionRequestView } from './request-view.js';
import { findRule, orderRules, ruleMatches } from './rule-match.js';
import { ScriptedRuleError } from './scripted-error.js';
import { compileTemplate, renderTemplate } from './template.js';

describe('patterns', () => {
  it('matches model globs against the whole id, case-insensitively', () => {
    const glob = compileModelPattern('gpt-4o*');
    expect(['gpt-4o', 'gpt-4o-mini', 'GPT-4o-2024-08-06'].map((model) => glob.test(model))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['gpt-4', 'my-gpt-4o', 'gpt-4.1'].map((model) => glob.test(model))).toEqual([false, false, false]);
    expect(compileModelPattern('o?').test('o3')).toBe(true);
    expect(compileModelPattern('o?').test('o3-mini')).toBe(false);
    expect(compileModelPattern('a.b+c').test('a.b+c')).toBe(true);
    expect(compileModelPattern('a.b+c').test('axbbc')).toBe(false);
  });

  it('takes /regex/flags for models and text, and plain regexes for text', () => {
    expect(compileModelPattern('/^o\\d/').test('o4-mini')).toBe(true);
    expect(compileTextPattern('weather in \\w+').test('What is the weather in Paris?')).toBe(true);
    expect(compileTextPattern('HELLO').test('hello')).toBe(false);
    expect(compileTextPattern('/HELLO/i').test('hello')).toBe(true);
    const stateless = compileTextPattern('/a/g');
    expect([stateless.test('a'), stateless.test('a')]).toEqual([true, true]);
  });

  it('reports an invalid expression', () => {
    expect(() => compileTextPattern('(unclosed')).toThrow(ScriptedRuleError);
    expect(() => compileTextPattern('(unclosed')).toThrow(
      /^'\(unclosed' is not a valid regular expression \(/,
    );
  });
});

describe('request views', () => {
  it('takes the last user message and the system prompt of a chat', () => {
    expect(
      chatRequestView('gpt-4o', [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Use French.' }] },
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'second' },
            { type: 'image_url', image_url: { url: 'x' } },
            { type: 'text', text: 'part' },
          ],
        },
        { role: 'user', content: [{ type: 'image_url', image_url: { url: 'y' } }] },
      ]),
    ).toEqual({ model: 'gpt-4o', lastUserMessage: 'second\npart', systemPrompt: 'Be brief.\nUse French.' });
    expect(chatRequestView('m', [{ role: 'assistant', content: null }])).toEqual({
      model: 'm',
      lastUserMessage: null,
      systemPrompt: null,
    });
  });

  it('takes a legacy prompt as the user message', () => {
    expect(completionRequestView('m', 'Say hi')).toEqual({
      model: 'm',
      lastUserMessage: 'Say hi',
      systemPrompt: null,
    });
    expect(completionRequestView('m', ['a', 'b']).lastUserMessage).toBe('a\nb');
    expect(completionRequestView('m', [1, 2, 3]).lastUserMessage).toBeNull();
    expect(completionRequestView('m', null).lastUserMessage).toBeNull();
  });
});

describe('rule matching', () => {
  const rule = (
    name: string,
    priority: number,
    model: string | null,
    content: string | null,
    system: string | null,
  ) => ({
    name,
    priority,
    when: {
      model: model === null ? null : compileModelPattern(model),
      content: content === null ? null : compileTextPattern(content),
      system: system === null ? null : compileTextPattern(system),
    },
  });
  const rules = orderRules([
    rule('any', 0, null, null, null),
    rule('mini-hello', 5, '*-mini', 'hello', null),
    rule('pirate', 5, null, null, 'pirate'),
    rule('urgent', 9, null, '/urgent/i', null),
  ]);

  it('orders by priority, then as written', () => {
    expect(rules.map((entry) => entry.name)).toEqual(['urgent', 'mini-hello', 'pirate', 'any']);
  });

  it('takes the first rule whose every condition holds', () => {
    const view = (model: string, user: string | null, system: string | null) => ({
      model,
      lastUserMessage: user,
      systemPrompt: system,
    });
    expect(findRule(rules, view('gpt-4o-mini', 'hello there', 'be a pirate'))?.name).toBe('mini-hello');
    expect(findRule(rules, view('gpt-4o', 'hello there', 'be a pirate'))?.name).toBe('pirate');
    expect(findRule(rules, view('gpt-4o', 'URGENT: hello', null))?.name).toBe('urgent');
    expect(findRule(rules, view('gpt-4o', null, null))?.name).toBe('any');
    expect(findRule(rules.slice(0, 3), view('gpt-4o', null, null))).toBeUndefined();
    expect(ruleMatches(rule('x', 0, null, 'hello', null).when, view('m', null, null))).toBe(false);
  });
});

describe('templates', () => {
  const variables = {
    request_id: 'req_1',
    timestamp: '2026-01-02T03:04:05.000Z',
    model: 'gpt-4o',
    last_user_message: 'Hi {{model}}',
  };

  it('fills in the variables, and leaves what they contain alone', () => {
    const template = compileTemplate(
      '[{{ request_id }}] {{model}} at {{timestamp}} echoes: {{last_user_message}}!',
    );
    expect(renderTemplate(template, variables)).toBe(
      '[req_1] gpt-4o at 2026-01-02T03:04:05.000Z echoes: Hi {{model}}!',
    );
    expect(renderTemplate(compileTemplate('no variables'), variables)).toBe('no variables');
    expect(renderTemplate(compileTemplate('{single} braces'), variables)).toBe('{single} braces');
  });

  it('rejects unknown variables when compiled', () => {
    expect(() => compileTemplate('Hello {{user_name}}')).toThrow(
      new ScriptedRuleError(
        'the template uses {{user_name}}, which is not a variable; use {{request_id}}, {{timestamp}}, {{model}}, {{last_user_message}}.',
      ),
    );
  });
});
