export { ByteRankTable } from './bpe-ranks.js';
export type { ChatMessageInput, ContentPart, TextTokenCounter } from './chat-prompt.js';
export {
  countChatPromptTokens,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_NAME,
} from './chat-prompt.js';
export type { EncodingName, PrebuiltRankTables } from './encodings.js';
export {
  ENCODING_NAMES,
  hasBpeTable,
  installBpeTable,
  preloadEncodings,
  rankTableBinary,
  usePrebuiltRankTables,
} from './encodings.js';
export type { TokensErrorCode } from './errors.js';
export { TokensError } from './errors.js';
export { ESTIMATE_BYTES_PER_TOKEN, estimateTextTokens, utf8ByteLength } from './estimate-tokens.js';
export type { GeneratedOutput, GenerateOutputOptions } from './generate-output.js';
export { generateOutput } from './generate-output.js';
export { imageSizeFromDataUrl } from './image-size.js';
export type { ImageDetail, ImageSize } from './image-tokens.js';
export { DEFAULT_IMAGE_SIZE, IMAGE_BASE_TOKENS, IMAGE_TILE_TOKENS, imageTokens } from './image-tokens.js';
export { DEFAULT_ENCODING, encodingForModel } from './model-encoding.js';
export type { PromptInput } from './prompt-inputs.js';
export { countCompletionPromptTokens, countEmbeddingInputTokens } from './prompt-inputs.js';
export { clearTextTokenCache, countTextTokens, PRE_TOKEN_SEGMENT_BYTES } from './text-tokens.js';
