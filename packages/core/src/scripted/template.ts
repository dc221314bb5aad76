import { ScriptedRuleError } from './scripted-error.js';

/** What a template may say, by request: `{{request_id}}`, `{{timestamp}}`, `{{model}}`, `{{last_user_message}}`. */
export interface TemplateVariables {
  request_id: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  model: string;
  /** Empty when the request has no user message. */
  last_user_message: string;
}

export type TemplateVariable = keyof TemplateVariables;

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  'request_id',
  'timestamp',
  'model',
  'last_user_message',
];

/** Literal text and variables, in order; compiled once, rendered per request. */
export type CompiledTemplate = readonly (string | { readonly variable: TemplateVariable })[];

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function isVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** Compiles `Echo: {{last_user_message}}`; an unknown variable is an error, so typos fail at start. */
export function compileTemplate(text: string): CompiledTemplate {
  const parts: (string | { variable: TemplateVariable })[] = [];
  let offset = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1] as string;
    if (!isVariable(name)) {
      throw new ScriptedRuleError(
        `the template uses {{${name}}}, which is not a variable; use ${TEMPLATE_VARIABLES.map((variable) => `{{${variable}}}`).join(', ')}.`,
      );
    }
    if (match.index > offset) parts.push(text.slice(offset, match.index));
    parts.push({ variable: name });
    offset = match.index + match[0].length;
  }
  if (offset < text.length) parts.push(text.slice(offset));
  return parts;
}

export function renderTemplate(template: CompiledTemplate, variables: TemplateVariables): string {
  let text = '';
  for (const part of template) text += typeof part === 'string' ? part : variables[part.variable];
  return text;
}
