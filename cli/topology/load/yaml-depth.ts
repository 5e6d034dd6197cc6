// A cheap upper bound on how deeply a YAML text nests, taken before the yaml package sees
// it: that package recurses per level, and near the stack limit V8 can abort the whole
// process instead of throwing. Brackets count wherever they stand (quotes and comments
// are not interpreted, so a hostile file cannot hide nesting from the scan); the cost is
// that a string holding hundreds of unmatched brackets is refused as too deep.

export function nestingBound(text: string): { depth: number; offset: number } {
  let best = { depth: 0, offset: 0 };
  let flow = 0;
  let lineStart = true;
  let prefix = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) { lineStart = true; prefix = 0; continue; }
    if (lineStart) {
      // Block nesting needs indentation or compact `- `/`? ` indicators, a column each.
      if (c === 32 || c === 9 || c === 45 || c === 63) { prefix++; continue; }
      lineStart = false;
    }
    if (c === 91 || c === 123) flow++;
    else if ((c === 93 || c === 125) && flow > 0) flow--;
    if (flow + prefix > best.depth) best = { depth: flow + prefix, offset: i };
  }
  return best;
}
