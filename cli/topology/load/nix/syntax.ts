// Syntax errors of a .nix file. An unclosed string, comment or bracket is named by the
// bracket scan (exact opening place); otherwise tree-sitter's ERROR and MISSING nodes
// are turned into messages, with the common "missing `;`" case recognised. Text comes from
// the file, never from the tree, which was parsed with string bodies masked (see mask.ts).
import type { SyntaxNode, Tree } from 'tree-sitter';
import type { Diagnostic } from '../../../diagnostics.js';
import { LOAD_CODES } from '../codes.js';
import type { Source } from '../source.js';
import { describeAt } from '../tokens.js';
import { findImbalance } from './balance.js';

/** Beyond a few, tree-sitter's recovery mostly reports consequences of the first errors. */
const MAX_REPORTED = 5;
const MISSING_SEMICOLON = /^missing `;`/;

export function syntaxErrors(src: Source, tree: Tree): Diagnostic[] {
  const imbalance = findImbalance(src.text, (o) => src.where(o));
  if (imbalance) return [src.diag(LOAD_CODES.syntax, 'error', imbalance.message, imbalance.at, imbalance.at + 1, imbalance.hint)];
  const seen = new Set<number>();
  const out: Diagnostic[] = [];
  for (const node of errorNodes(tree.rootNode)) {
    const d = describe(src, node);
    if (seen.has(d.at)) continue;
    seen.add(d.at);
    out.push(src.diag(LOAD_CODES.syntax, 'error', d.message, d.at, d.at + 1, d.hint));
    // Recovery from a missing `;` is reliable; after any other error, what follows is noise.
    if (out.length === MAX_REPORTED || !MISSING_SEMICOLON.test(d.message)) break;
  }
  return out;
}

/** ERROR nodes that hold no other error, and MISSING nodes, in source order. */
function errorNodes(root: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.isMissing()) { found.push(node); continue; }
    const inner = node.children.filter((c) => c.hasError());
    if (node.type === 'ERROR' && inner.length === 0) found.push(node);
    for (let k = inner.length - 1; k >= 0; k--) stack.push(inner[k]!);
  }
  return found;
}

function describe(src: Source, node: SyntaxNode): { at: number; message: string; hint?: string } {
  const habit = separatorFromOtherSyntax(src.text, node);
  if (habit !== undefined) {
    return {
      at: habit,
      message: `unexpected \`${src.text[habit]}\``,
      hint: 'Nix attribute sets are written `{ name = value; other = value; }`: `=` after each name and `;` after each value',
    };
  }
  const name = bindingName(src, node);
  if (node.isMissing()) {
    const what = node.type;
    if (what === ';' && name) {
      return { at: node.startIndex, message: `missing \`;\` after the value of \`${name}\``, hint: 'end every `name = value` with a semicolon' };
    }
    if (what === 'identifier' && /^\s*=/.test(src.text.slice(node.startIndex, node.startIndex + 100))) {
      return { at: node.startIndex, message: 'missing the attribute name before `=`', hint: 'write `name = value;`' };
    }
    if (/^[a-z_]+$/.test(what)) {
      return { at: node.startIndex, message: name ? `missing the value of \`${name}\`` : 'missing a value', hint: 'write a value after `=`' };
    }
    return { at: node.startIndex, message: `missing \`${what}\``, hint: undefined };
  }
  // `memory = "1G" vcpus = 2;` parses as applying "1G" to `vcpus`, then fails at `=`.
  const prev = node.previousSibling;
  if (src.text.startsWith('=', node.startIndex) && prev?.type === 'apply_expression' && prev.lastNamedChild?.type === 'variable_expression') {
    const fn = prev.firstNamedChild!;
    return {
      at: fn.endIndex,
      message: `missing \`;\` after the value of \`${name ?? src.text.slice(fn.startIndex, fn.endIndex)}\``,
      hint: 'end every `name = value` with a semicolon',
    };
  }
  return {
    at: node.startIndex,
    message: `unexpected ${describeAt(src.text, node.startIndex)}`,
    hint: 'check this line and the one before for a missing `;`, `=` or bracket',
  };
}

/**
 * `name: value` and `a = 1, b = 2` (YAML and JSON habits) derail tree-sitter into reading
 * function arguments; the stray `:` or `,` next to the error is the real cause.
 */
function separatorFromOtherSyntax(text: string, node: SyntaxNode): number | undefined {
  const sep = /^\s*(?:(?:[A-Za-z_][\w'-]*|"[^"\n]*"|[0-9.]+)\s*)?[:,]/;
  for (const from of node.isMissing() ? [node.startIndex] : [node.startIndex, node.endIndex]) {
    const m = sep.exec(text.slice(from, from + 200));
    if (m) return from + m[0].length - 1;
  }
  return undefined;
}

/** The attribute path of the binding a node sits in, for messages. */
function bindingName(src: Source, node: SyntaxNode): string | undefined {
  for (let n: SyntaxNode | null = node; n; n = n.parent) {
    if (n.type === 'binding') {
      const path = n.firstNamedChild;
      return path?.type === 'attrpath' ? src.text.slice(path.startIndex, path.endIndex) : undefined;
    }
  }
  return undefined;
}
