export type { ErrorKind, ErrorKindId, ErrorMessageContext } from './error-kinds.js';
export {
  ERROR_KIND_IDS,
  ERROR_STATUS_CODES,
  errorKind,
  errorKindMessage,
  maskApiKey,
  ORGANIZATION_ID,
  parseErrorKind,
} from './error-kinds.js';
export { FaultParseError } from './fault-parse-error.js';
export type { Fault, FaultKind } from './fault-spec.js';
export { FAULT_KINDS, formatFault, formatFaults, NO_FAULTS, parseFaults } from './fault-spec.js';
export type { Share } from './share.js';
export { formatShare, parseShare, SHARE_ALL, SHARE_NONE, shareValue } from './share.js';
export type { SelectionMode } from './share-selector.js';
export {
  ExactRatio,
  MAX_SELECTOR_COUNTERS,
  parseSelectionMode,
  SELECTION_MODES,
  ShareSelector,
} from './share-selector.js';
