const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * base64 of the vector's little-endian float32 bytes: the `encoding_format: "base64"` payload that
 * the official SDKs request by default and decode with a little-endian Float32Array view.
 */
export function float32ToBase64(vector: Float32Array): string {
  if (HOST_IS_LITTLE_ENDIAN) {
    return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString('base64');
  }
  const bytes = new DataView(new ArrayBuffer(vector.byteLength));
  for (let index = 0; index < vector.length; index++) bytes.setFloat32(index * 4, vector[index] ?? 0, true);
  return Buffer.from(bytes.buffer).toString('base64');
}

/** Inverse of float32ToBase64, for clients and tests: decodes little-endian float32 bytes. */
export function base64ToFloat32(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength % 4 !== 0) {
    throw new RangeError(
      `base64 embedding decodes to ${bytes.byteLength} bytes, not a whole number of float32.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vector = new Float32Array(bytes.byteLength / 4);
  for (let index = 0; index < vector.length; index++) vector[index] = view.getFloat32(index * 4, true);
  return vector;
}
