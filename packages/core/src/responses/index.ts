export type { ResponseLifecycleEvent, ResponseStreamEvent } from './response-events.js';
export { ResponseEventFramer } from './response-events.js';
export type {
  ItemStatus,
  OutputTextPart,
  ResponseEcho,
  ResponseFunctionCallItem,
  ResponseMessageItem,
  ResponseObject,
  ResponseOutputItem,
  ResponseState,
  ResponseStatus,
  ResponseUsage,
} from './response-object.js';
export {
  functionCallItem,
  messageItem,
  outputTextPart,
  responseIds,
  responseObject,
  responseUsage,
} from './response-object.js';
