// "Did you mean" for keys, values and VM names: the closest candidate by edit distance.

// Beyond this the input is not a typo of a short identifier, and distance costs grow.
const MAX_WORD = 64;

function distance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      best = Math.min(best, row[j]);
    }
    if (best > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The candidate within a third of the word's length in edits (at least 1), else one that
 * the word starts with or that starts with the word ("network" -> "net"); ties by name.
 */
export function closest(word: string, candidates: Iterable<string>): string | null {
  if (word.length > MAX_WORD) return null;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 2;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const other = candidate.toLowerCase();
    const prefix = Math.min(other.length, lower.length) >= 3 && (lower.startsWith(other) || other.startsWith(lower));
    const close = Math.abs(candidate.length - word.length) <= limit ? distance(lower, other, limit) : limit + 1;
    const d = close <= limit ? close : prefix ? limit + 1 : limit + 2;
    if (d < bestDistance || (d === bestDistance && best !== null && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

export const didYouMean = (word: string, candidates: Iterable<string>): string | null => {
  const match = closest(word, candidates);
  return match === null ? null : `did you mean "${match}"?`;
};
