// tree-sitter-nix makes a node of every escape and `$` in a string, and its parse then
// costs ~0.5 µs per character of an escape-dense string (seconds for a 10 MB one). The
// contents of a string without interpolation never change the tree around it, so the
// parser is given the text with each such string's body replaced by plain letters of the
// same length, line breaks kept: offsets and lines stay those of the file, and everything
// that reads text (decoding, messages) reads the file's own text, never the tree's.
import { lexNix } from './lex.js';

export function maskStringBodies(text: string): string {
  // Plain strings cost tree-sitter nothing extra; most files need no scan at all.
  if (text.indexOf('\\') === -1 && text.indexOf('$') === -1 && text.indexOf("''") === -1) return text;
  const masks: number[] = [];
  lexNix(text, {
    stringClosed(_frame, bodyStart, stop, hasEscapes, interpolated) {
      if (!interpolated && hasEscapes) masks.push(bodyStart, stop);
    },
  });
  // An unclosed string stays as it is: tree-sitter and the bracket scan report it.
  if (masks.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (let k = 0; k < masks.length; k += 2) {
    const start = masks[k]!;
    parts.push(text.slice(from, start), text.slice(start, masks[k + 1]).replace(/[^\n\r]+/g, (run) => 'a'.repeat(run.length)));
    from = masks[k + 1]!;
  }
  parts.push(text.slice(from));
  return parts.join('');
}
