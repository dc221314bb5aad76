import type {
  OutputTextPart,
  ResponseFunctionCallItem,
  ResponseObject,
  ResponseOutputItem,
} from './response-object.js';

/** Every Responses stream event carries its type and its place in the stream. */
interface EventBase {
  type: string;
  sequence_number: number;
}

export type ResponseLifecycleEvent = EventBase & {
  type:
    | 'response.created'
    | 'response.in_progress'
    | 'response.completed'
    | 'response.incomplete'
    | 'response.failed';
  response: ResponseObject;
};

export type ResponseStreamEvent = EventBase & Record<string, unknown>;

/**
 * Numbers the events of one Responses stream from 0 and frames each as server-sent event text
 * (`event: <type>` and `data: <json>`): the API's framing, with no `[DONE]` at the end. Events must be framed
 * in the order they are sent.
 */
export class ResponseEventFramer {
  #next = 0;

  /** How many events were framed so far: the next event's `sequence_number`. */
  get sequenceNumber(): number {
    return this.#next;
  }

  frame(type: string, fields: Record<string, unknown>): string {
    const event = { type, sequence_number: this.#next, ...fields };
    this.#next += 1;
    return `event: ${type}\ndata: ${JSON.stringify(event)}\n\n`;
  }

  lifecycle(type: ResponseLifecycleEvent['type'], response: ResponseObject): string {
    return this.frame(type, { response });
  }

  itemAdded(outputIndex: number, item: ResponseOutputItem): string {
    return this.frame('response.output_item.added', { output_index: outputIndex, item });
  }

  itemDone(outputIndex: number, item: ResponseOutputItem): string {
    return this.frame('response.output_item.done', { output_index: outputIndex, item });
  }

  partAdded(itemId: string, outputIndex: number, part: OutputTextPart): string {
    return this.frame('response.content_part.added', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part,
    });
  }

  partDone(itemId: string, outputIndex: number, part: OutputTextPart): string {
    return this.frame('response.content_part.done', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      part,
    });
  }

  textDelta(itemId: string, outputIndex: number, delta: string): string {
    return this.frame('response.output_text.delta', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      delta,
      logprobs: [],
    });
  }

  textDone(itemId: string, outputIndex: number, text: string): string {
    return this.frame('response.output_text.done', {
      item_id: itemId,
      output_index: outputIndex,
      content_index: 0,
      text,
      logprobs: [],
    });
  }

  argumentsDelta(itemId: string, outputIndex: number, delta: string): string {
    return this.frame('response.function_call_arguments.delta', {
      item_id: itemId,
      output_index: outputIndex,
      delta,
    });
  }

  argumentsDone(outputIndex: number, item: ResponseFunctionCallItem): string {
    return this.frame('response.function_call_arguments.done', {
      item_id: item.id,
      name: item.name,
      output_index: outputIndex,
      arguments: item.arguments,
    });
  }

  /** The flat `error` event that ends a stream the server cannot finish. */
  error(code: string | null, message: string, param: string | null): string {
    return this.frame('error', { code, message, param });
  }
}
