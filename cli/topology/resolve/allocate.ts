// Deterministic allocation of hashed values. Each key's value comes from its own hash, so
// it does not depend on other keys, except when two hashes collide: then the keys are
// served in sorted order and a later one takes its next hash (attempt 1, 2, …).
export function allocate<T>(
  keys: Iterable<string>,
  derive: (key: string, attempt: number) => T,
  identity: (value: T) => string | number,
): Map<string, T> {
  const taken = new Set<string | number>();
  const result = new Map<string, T>();
  for (const key of [...keys].sort(compareNames)) {
    for (let attempt = 0; ; attempt++) {
      const value = derive(key, attempt);
      const id = identity(value);
      if (taken.has(id)) continue;
      taken.add(id);
      result.set(key, value);
      break;
    }
  }
  return result;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
