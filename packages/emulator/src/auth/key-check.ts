import { createHash, timingSafeEqual } from 'node:crypto';

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/**
 * Checks presented keys against the accepted ones in constant time: both sides are compared as SHA-256 digests
 * (equal length, whatever the keys' lengths), with timingSafeEqual, against every accepted key without stopping
 * at a match. Neither the time nor anything else tells how close a wrong key was.
 */
export class KeyCheck {
  readonly #digests: readonly Buffer[];

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(digest);
  }

  accepts(presented: string): boolean {
    const presentedDigest = digest(presented);
    let matches = 0;
    // Every accepted digest is compared, whichever matches.
    for (const acceptedDigest of this.#digests)
      matches |= timingSafeEqual(presentedDigest, acceptedDigest) ? 1 : 0;
    return matches !== 0;
  }
}
