export type ImageDetail = 'low' | 'high' | 'auto';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/** OpenAI's published tile formula for GPT-4o-class vision models. */
export const IMAGE_BASE_TOKENS = 85;
export const IMAGE_TILE_TOKENS = 170;
const TILE_PX = 512;
const MAX_SIDE_PX = 2048;
const SHORT_SIDE_PX = 768;

/**
 * Size assumed when the real one is unknown (a remote URL, which is never fetched, or a header
 * that cannot be read): a 1024 × 1024 image, which costs 765 tokens at high detail.
 */
export const DEFAULT_IMAGE_SIZE: ImageSize = { width: 1024, height: 1024 };

function isUsableSize(size: ImageSize | undefined): size is ImageSize {
  return (
    size !== undefined &&
    Number.isFinite(size.width) &&
    Number.isFinite(size.height) &&
    size.width > 0 &&
    size.height > 0
  );
}

/**
 * Scales both sides by target / reference when the reference side exceeds the target. Multiplying
 * before dividing keeps the reference side exact (3000 · 2048 / 3000 is 2048, not 2047.99…).
 */
function scaleDown(width: number, height: number, referencePx: number, targetPx: number): [number, number] {
  if (referencePx <= targetPx) return [width, height];
  return [
    Math.max(1, Math.floor((width * targetPx) / referencePx)),
    Math.max(1, Math.floor((height * targetPx) / referencePx)),
  ];
}

/**
 * Prompt tokens of one image. `low` costs 85 whatever the size. `high` fits the image within
 * 2048 × 2048, then scales it down so its short side is 768 px, and costs 85 + 170 per 512-px
 * tile; scaled sides are whole pixels (rounded down), as an image resizer produces them. `auto`
 * and a missing detail count as `high`: OpenAI does not document how auto chooses, and high is
 * the upper bound token estimators assume. Without a usable size, {@link DEFAULT_IMAGE_SIZE}.
 */
export function imageTokens(detail: ImageDetail | undefined, size?: ImageSize): number {
  if (detail === 'low') return IMAGE_BASE_TOKENS;
  const { width, height } = isUsableSize(size) ? size : DEFAULT_IMAGE_SIZE;
  const [fittedWidth, fittedHeight] = scaleDown(width, height, Math.max(width, height), MAX_SIDE_PX);
  const [tiledWidth, tiledHeight] = scaleDown(
    fittedWidth,
    fittedHeight,
    Math.min(fittedWidth, fittedHeight),
    SHORT_SIDE_PX,
  );
  const tiles = Math.ceil(tiledWidth / TILE_PX) * Math.ceil(tiledHeight / TILE_PX);
  return IMAGE_BASE_TOKENS + IMAGE_TILE_TOKENS * tiles;
}
