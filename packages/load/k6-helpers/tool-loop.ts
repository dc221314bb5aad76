// An agent's tool loop on each API: ask with tools, run the tools the model calls, send their results
// back, until the model answers in text. Every turn is one measured request.
import { type RequestOptions, type Result, request, type ToolCall } from 'k6/x/tokenpace';
import { HEADER_TOOL_CALL } from '../../core/src/protocol.ts';
import { chatTools, messagesTools, responsesTools, runTool } from './agent-tools.ts';

export type AgentApi = 'chat' | 'responses' | 'messages';

export interface ToolLoopOptions {
  api: AgentApi;
  baseUrl: string;
  model: string;
  /** Headers of every turn: auth, the API's own headers, the timing headers. */
  headers: Record<string, string>;
  /** The user's request. */
  prompt: string;
  /** `X-Tool-Call` for the first turn only (e.g. `2` for two parallel calls); later turns follow the policy. */
  firstTurnToolCall?: string;
  /** Turns before the loop gives up: the model kept calling tools. */
  maxTurns: number;
  tags: Record<string, string>;
  stream: boolean;
  timeoutMs: number;
}

export interface ToolLoopRun {
  /** Every turn's result, in order. */
  turns: Result[];
  /** True when the last turn answered in text (no tool call) and every turn succeeded. */
  finished: boolean;
}

/** One API's conversation: the body of the next turn, and how a turn's tool calls and results extend it. */
interface Conversation {
  path: string;
  body(): Record<string, unknown>;
  answer(result: Result): void;
}

export function runToolLoop(options: ToolLoopOptions): ToolLoopRun {
  const conversation = CONVERSATIONS[options.api](options);
  const turns: Result[] = [];
  for (let turn = 0; turn < options.maxTurns; turn++) {
    const headers =
      turn === 0 && options.firstTurnToolCall !== undefined
        ? { ...options.headers, [HEADER_TOOL_CALL]: options.firstTurnToolCall }
        : options.headers;
    const requestOptions: RequestOptions = {
      url: `${options.baseUrl}${conversation.path}`,
      body: conversation.body(),
      headers,
      tags: { ...options.tags, turn: turn === 0 ? 'first' : 'follow_up' },
      timeoutMs: options.timeoutMs,
    };
    const result = request(requestOptions);
    turns.push(result);
    if (!result.ok) return { turns, finished: false };
    if (result.toolCalls.length === 0) return { turns, finished: true };
    conversation.answer(result);
  }
  return { turns, finished: false };
}

const CONVERSATIONS: Readonly<Record<AgentApi, (options: ToolLoopOptions) => Conversation>> = {
  chat: chatConversation,
  responses: responsesConversation,
  messages: messagesConversation,
};

function chatConversation(options: ToolLoopOptions): Conversation {
  const messages: Record<string, unknown>[] = [
    { role: 'system', content: 'You are an assistant that uses tools when they help.' },
    { role: 'user', content: options.prompt },
  ];
  return {
    path: '/v1/chat/completions',
    body: () => ({
      model: options.model,
      messages,
      tools: chatTools(),
      tool_choice: 'auto',
      stream: options.stream,
      ...(options.stream ? { stream_options: { include_usage: true } } : {}),
    }),
    answer(result) {
      messages.push({
        role: 'assistant',
        content: result.content === '' ? null : result.content,
        tool_calls: result.toolCalls.map((call) => ({
          id: call.id,
          type: 'function',
          function: { name: call.name, arguments: call.arguments },
        })),
      });
      for (const call of result.toolCalls) {
        messages.push({ role: 'tool', tool_call_id: call.id, content: runTool(call) });
      }
    },
  };
}

/**
 * Responses without server-side state: each turn replays the function calls and adds their outputs, which works
 * behind any gateway and across emulator workers (`previous_response_id` needs the process that answered).
 */
function responsesConversation(options: ToolLoopOptions): Conversation {
  const input: Record<string, unknown>[] = [{ role: 'user', content: options.prompt }];
  return {
    path: '/v1/responses',
    body: () => ({
      model: options.model,
      instructions: 'You are an assistant that uses tools when they help.',
      input,
      tools: responsesTools(),
      tool_choice: 'auto',
      store: false,
      stream: options.stream,
    }),
    answer(result) {
      for (const call of result.toolCalls) {
        input.push({ type: 'function_call', call_id: call.id, name: call.name, arguments: call.arguments });
      }
      for (const call of result.toolCalls) {
        input.push({ type: 'function_call_output', call_id: call.id, output: runTool(call) });
      }
    },
  };
}

function messagesConversation(options: ToolLoopOptions): Conversation {
  const messages: Record<string, unknown>[] = [{ role: 'user', content: options.prompt }];
  return {
    path: '/v1/messages',
    body: () => ({
      model: options.model,
      max_tokens: 1024,
      system: 'You are an assistant that uses tools when they help.',
      messages,
      tools: messagesTools(),
      tool_choice: { type: 'auto' },
      stream: options.stream,
    }),
    answer(result) {
      const text = result.content === '' ? [] : [{ type: 'text', text: result.content }];
      messages.push({ role: 'assistant', content: [...text, ...result.toolCalls.map(toolUseBlock)] });
      messages.push({
        role: 'user',
        content: result.toolCalls.map((call) => ({
          type: 'tool_result',
          tool_use_id: call.id,
          content: runTool(call),
        })),
      });
    },
  };
}

function toolUseBlock(call: ToolCall): Record<string, unknown> {
  let input: unknown = {};
  try {
    input = JSON.parse(call.arguments);
  } catch {
    // A cut argument text is sent back as an empty input, as Anthropic's SDK parses it.
  }
  return { type: 'tool_use', id: call.id, name: call.name, input };
}
