// tree-sitter and its Nix grammar are CommonJS native addons: loaded with require, once,
// and only when a .nix file is read, so YAML and JSON users never pay for them.
import { createRequire } from 'node:module';
import type ParserType from 'tree-sitter';

let parser: ParserType | undefined;

export function nixParser(): ParserType {
  if (!parser) {
    const require = createRequire(import.meta.url);
    const Parser = require('tree-sitter') as typeof ParserType;
    parser = new Parser();
    parser.setLanguage(require('tree-sitter-nix'));
  }
  return parser;
}
