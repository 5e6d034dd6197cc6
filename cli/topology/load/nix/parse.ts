// A .nix topology read without Nix: tree-sitter's syntax tree, then the literal subset.
import type { Diagnostic } from '../../../diagnostics.js';
import type { RawNode } from '../../raw.js';
import { LOAD_CODES } from '../codes.js';
import type { Source } from '../source.js';
import { convert, type NonLiteral } from './convert.js';
import { maskStringBodies } from './mask.js';
import { syntaxErrors } from './syntax.js';
import { nixParser } from './tree-sitter.js';

export interface NixParse {
  root: RawNode | null;
  diagnostics: Diagnostic[];
  /** Set when the file is valid Nix but needs evaluating: the first such construct. */
  nonLiteral?: NonLiteral;
}

export function parseNix(src: Source): NixParse {
  const tree = nixParser().parse(maskStringBodies(src.text));
  if (tree.rootNode.hasError()) return { root: null, diagnostics: syntaxErrors(src, tree) };
  const cursor = tree.walk();
  // source_code holds comments and at most one expression.
  let found = false;
  if (cursor.gotoFirstChild()) {
    do found = cursor.nodeType !== 'comment';
    while (!found && cursor.gotoNextSibling());
  }
  if (!found) {
    return {
      root: null,
      diagnostics: [src.diag(LOAD_CODES.empty, 'error', 'the topology file is empty', 0, 1,
        'write an attribute set such as `{ name = "laptop"; vms = { }; }`, or run `spectrum init`')],
    };
  }
  return convert(src, cursor);
}

/** The diagnostic for a construct that needs Nix, where Nix cannot run. */
export function notLiteral(src: Source, found: NonLiteral): Diagnostic {
  return src.diag(LOAD_CODES.notLiteral, 'error',
    `${found.what} is not a literal value; spectrum reads .nix topologies without Nix only when they are plain attribute sets`,
    found.start, found.end,
    'write the value out literally, or install Nix: spectrum then evaluates the file with `nix-instantiate --eval --strict --json`');
}
