// Deterministic allocation of hashed values. Each key's value comes from its own hash, so
// it does not depend on other keys, except when two hashes collide: keys claim values in a
// fixed order (sorted names) and a later one takes its next candidate (attempt 1, 2, …).
export class Pool<T> {
  private readonly taken = new Set<string | number>();

  constructor(private readonly identity: (value: T) => string | number) {}

  /** The first candidate not yet taken: `first`, else `retry(1)`, `retry(2)`, … */
  claim(first: T, retry: (attempt: number) => T): T {
    let value = first;
    for (let attempt = 1; this.taken.has(this.identity(value)); attempt++) value = retry(attempt);
    this.taken.add(this.identity(value));
    return value;
  }
}
