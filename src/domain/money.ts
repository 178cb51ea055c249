// Money is yuan with at most two decimals (fen), from 0 to a bound no benefit comes near.

export const MAX_YUAN = 1_000_000;

/** Is `value` an amount of yuan: finite, 0 ≤ value ≤ MAX_YUAN, and a whole number of fen? */
export function isYuan(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_YUAN) return false;
  const fen = value * 100;
  // Binary floating point: 0.29 × 100 is 28.999999999999996, still a whole number of fen.
  return Math.abs(fen - Math.round(fen)) < 1e-6;
}
