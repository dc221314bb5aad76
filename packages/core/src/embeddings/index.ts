export { base64ToFloat32, float32ToBase64 } from './base64.js';
export { defaultEmbeddingDimensions } from './dimensions.js';
export { embeddingVector } from './embedding-vector.js';
