// Names an unclosed string, comment or bracket, from the lexer's walk. tree-sitter's
// error recovery often reports an unclosed string or bracket far from its cause (or
// swallows the rest of the file); this scan names the opening place exactly. Runs only
// after tree-sitter found an error.
import { endOfContent } from '../tokens.js';
import { closerOf, lexNix, type Opened } from './lex.js';

export interface Imbalance {
  /** Where the diagnostic points. */
  at: number;
  message: string;
  hint: string;
}

const WHAT: Record<Opened, string> = {
  string: 'string',
  indented: 'indented string',
  interpolation: 'interpolation',
  '{': 'attribute set',
  '[': 'list',
  '(': 'parenthesis',
};

export function findImbalance(text: string, where: (offset: number) => string): Imbalance | undefined {
  let found: Imbalance | undefined;
  const open = lexNix(text, {
    unterminatedComment(at) {
      found = { at, message: 'unterminated comment: no `*/` before the end of the file', hint: 'close the comment with */' };
      return true;
    },
    strayCloser(at, closer, frame) {
      found = frame
        ? {
            at,
            message: `unexpected \`${closer}\`: the ${WHAT[frame.kind]} opened at ${where(frame.at)} is not closed yet`,
            hint: `close the ${WHAT[frame.kind]} with \`${closerOf(frame)}\` first`,
          }
        : { at, message: `unexpected \`${closer}\`: nothing is open here`, hint: `remove it, or add the opening bracket it belongs to` };
      return true;
    },
  });
  if (found) return found;
  const innermost = open[open.length - 1];
  if (!innermost) return undefined;
  const what = WHAT[innermost.kind];
  if (innermost.kind === 'string' || innermost.kind === 'indented') {
    return {
      at: innermost.at,
      message: `unterminated ${what}: no closing \`${closerOf(innermost)}\` before the end of the file`,
      hint: `close the ${what} with ${closerOf(innermost)}`,
    };
  }
  return {
    at: endOfContent(text),
    message: `the file ends before the ${what} opened at ${where(innermost.at)} is closed`,
    hint: `add the missing \`${closerOf(innermost)}\` (the file may have been cut off)`,
  };
}
