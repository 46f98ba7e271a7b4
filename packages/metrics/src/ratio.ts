/**
 * A rate as its two counts and integer basis points (10000 = 100 %), rounded half up. Rankings
 * compare the integers; nothing here is a binary float (docs/architecture.md §6).
 */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** null when there is nothing to divide by. */
  basisPoints: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  if (
    !Number.isSafeInteger(numerator) ||
    !Number.isSafeInteger(denominator) ||
    numerator < 0 ||
    denominator < 0
  ) {
    throw new RangeError(`a ratio takes whole counts ≥ 0, got ${numerator}/${denominator}`);
  }
  if (numerator > denominator)
    throw new RangeError(
      `a ratio's numerator exceeds its denominator: ${numerator}/${denominator}`,
    );
  return {
    numerator,
    denominator,
    basisPoints:
      denominator === 0 ? null : Math.floor((numerator * 20000 + denominator) / (2 * denominator)),
  };
}
