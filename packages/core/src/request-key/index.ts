export { findRequestKey, findRequestKeyInText, isRequestKey, requestKeyMarker } from './find-request-key.js';
