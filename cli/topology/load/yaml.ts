// YAML through the `yaml` package's document API, which keeps the source range of every
// node. Aliases are expanded (with a budget, against "billion laughs" files); tags that
// the core schema does not know, several documents and non-scalar keys are reported.
import { createRequire } from 'node:module';
import type { Document, Node, Pair } from 'yaml';
import type { Diagnostic } from '../../diagnostics.js';
import type { RawEntry, RawNode } from '../raw.js';
import { LOAD_CODES, MAX_DEPTH } from './codes.js';
import type { Source } from './source.js';
import { numberRange } from './tokens.js';
import { nestingBound } from './yaml-depth.js';
import { fastYaml } from './yaml-fast.js';

/** Nodes that alias expansion may add; a real topology repeats far less than this. */
const ALIAS_BUDGET = 100_000;
/** Above this bound the yaml package itself may exhaust the stack, so it is not called. */
const PRESCAN_LIMIT = 1000;
/** Written with a point or an exponent: a float, which (as in JSON and Nix) may be inexact. */
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)$/;

type YamlPackage = typeof import('yaml');
let yamlPackage: YamlPackage | undefined;

/**
 * The package costs ~40 ms to load, more than the fast reader takes for 1,000 VMs, so it
 * is required (its CommonJS build; parsing stays synchronous) only for files handed over.
 */
function yamlLib(): YamlPackage {
  yamlPackage ??= createRequire(import.meta.url)('yaml') as YamlPackage;
  return yamlPackage;
}

export function parseYaml(src: Source): { root: RawNode | null; diagnostics: Diagnostic[] } {
  const fast = fastYaml(src);
  return fast ? { root: fast, diagnostics: [] } : parseYamlWithPackage(src);
}

/** Any YAML, through the `yaml` package; also what the fast reader is tested against. */
export function parseYamlWithPackage(src: Source): { root: RawNode | null; diagnostics: Diagnostic[] } {
  const bound = nestingBound(src.text);
  if (bound.depth > PRESCAN_LIMIT) {
    return { root: null, diagnostics: [tooDeep(src, bound.offset)] };
  }
  const docs = yamlLib().parseAllDocuments(src.text, { uniqueKeys: false, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length === 0) {
    return { root: null, diagnostics: [emptyFile(src)] };
  }
  const diagnostics: Diagnostic[] = [];
  if (docs.length > 1) {
    diagnostics.push(src.diag(LOAD_CODES.multipleDocuments, 'error', 'the file holds more than one YAML document',
      docs[1]!.range[0], docs[1]!.range[0] + 3, 'a topology is one document: remove the `---` separator and what follows, or merge them'));
  }
  const doc = docs[0]!;
  for (const e of doc.errors) {
    // Some errors start at the indentation before the offending item; point at the item.
    let start = e.pos[0];
    while (src.text[start] === ' ') start++;
    diagnostics.push(src.diag(LOAD_CODES.syntax, 'error', yamlMessage(e.message), start, Math.max(e.pos[1], start + 1), hintFor(e.code)));
  }
  for (const w of doc.warnings) {
    diagnostics.push(src.diag(LOAD_CODES.yamlWarning, 'warning', yamlMessage(w.message), w.pos[0], w.pos[1],
      w.code === 'TAG_RESOLVE_FAILED' ? 'the value is read as a plain string; remove the tag' : undefined));
  }
  if (doc.errors.length > 0) return { root: null, diagnostics };
  if (doc.contents === null) return { root: null, diagnostics: [...diagnostics, emptyFile(src)] };
  const builder = new Builder(src, doc, diagnostics);
  const root = builder.node(doc.contents as Node, 0);
  return { root, diagnostics };
}

class Builder {
  private aliasNodes = 0;
  private readonly open = new Set<Node>();

  constructor(private readonly src: Source, private readonly doc: Document, private readonly diagnostics: Diagnostic[]) {}

  node(node: Node, depth: number, viaAlias = false): RawNode | null {
    const { isAlias, isMap, isScalar, isSeq } = yamlLib();
    if (viaAlias && ++this.aliasNodes > ALIAS_BUDGET) {
      if (this.aliasNodes === ALIAS_BUDGET + 1) {
        this.error(LOAD_CODES.aliasExpansion, node, `aliases expand to more than ${ALIAS_BUDGET} values`,
          'repeat less through aliases; a topology this large is malformed or hostile');
      }
      return null;
    }
    const range = node.range ?? [0, 1, 1];
    const span = this.src.span(range[0], range[1]);
    if (isAlias(node)) {
      const target = node.resolve(this.doc);
      if (!target) return this.error(LOAD_CODES.syntax, node, `unknown alias *${node.source}`, 'define the anchor &name before using it');
      if (this.open.has(target)) {
        return this.error(LOAD_CODES.unsupportedYaml, node, `alias *${node.source} refers to a value that contains it`, 'a topology cannot be recursive');
      }
      return this.withSpan(this.node(target, depth, true), span);
    }
    if (isScalar(node)) return this.scalar(node, span);
    if (depth >= MAX_DEPTH) {
      this.diagnostics.push(tooDeep(this.src, range[0]));
      return null;
    }
    this.open.add(node);
    try {
      if (isSeq(node)) {
        const items: RawNode[] = [];
        for (const item of node.items) {
          const raw = this.node(item as Node, depth + 1, viaAlias);
          if (raw) items.push(raw);
        }
        return { kind: 'array', items, span };
      }
      if (isMap(node)) return { kind: 'object', entries: this.entries(node.items as Pair<Node, Node | null>[], depth, viaAlias), span };
    } finally {
      this.open.delete(node);
    }
    return this.error(LOAD_CODES.unsupportedYaml, node, 'this kind of YAML value cannot appear in a topology');
  }

  private entries(pairs: Pair<Node, Node | null>[], depth: number, viaAlias: boolean): RawEntry[] {
    const entries: RawEntry[] = [];
    const seen = new Map<string, number>();
    const { isAlias, isScalar } = yamlLib();
    for (const pair of pairs) {
      let keyNode: Node | undefined = pair.key ?? undefined;
      if (keyNode && isAlias(keyNode)) keyNode = keyNode.resolve(this.doc) as Node | undefined;
      if (!keyNode || !isScalar(keyNode)) {
        const at = pair.key ?? pair.value;
        if (at) this.error(LOAD_CODES.unsupportedYaml, at, 'a key must be a plain string', 'write the key as a plain word, e.g. `memory:`');
        continue;
      }
      const key = typeof keyNode.value === 'string' ? keyNode.value : String(keyNode.source ?? keyNode.value);
      // YAML 1.1's merge key; under the 1.2 schema it would be read as a key named "<<" and
      // reported as unknown, which hides what the user meant.
      if (key === '<<' && keyNode.type === 'PLAIN') {
        this.error(LOAD_CODES.unsupportedYaml, pair.key as Node, 'YAML merge keys (<<) are not supported in a topology',
          'write the keys out where they belong; an alias (*name) can still stand for a whole value');
        continue;
      }
      const keyRange = (pair.key as Node).range ?? [0, 1, 1];
      const keySpan = this.src.span(keyRange[0], keyRange[1]);
      const value = pair.value
        ? this.node(pair.value, depth + 1, viaAlias)
        : { kind: 'null' as const, span: keySpan };
      const first = seen.get(key);
      if (first !== undefined) {
        this.diagnostics.push(this.src.diag(LOAD_CODES.duplicateKey, 'error', `duplicate key ${JSON.stringify(key)}`,
          keyRange[0], keyRange[1], `the key is first defined at ${this.src.where(first)}; keep one of them`));
        continue;
      }
      seen.set(key, keyRange[0]);
      if (value) entries.push({ key, keySpan, value });
    }
    return entries;
  }

  private scalar(node: Node & { value: unknown }, span: RawNode['span']): RawNode | null {
    const v = node.value;
    if (typeof v === 'string') return { kind: 'string', value: v, span };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v, span };
    if (v === null || v === undefined) return { kind: 'null', span };
    if (typeof v === 'number') {
      // Out-of-range numbers are reported and kept, as the JSON and Nix loaders keep them:
      // dropping the entry would add "missing key" errors that the other syntaxes lack.
      const range = node.range ?? [0, 1, 1];
      const written = this.src.text.slice(range[0], range[1]);
      if (/^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/.test(written)) {
        this.error(LOAD_CODES.numberRange, node, 'infinite and not-a-number values cannot appear in a topology', 'write a finite number');
      } else if (!Number.isFinite(v) || (!FLOAT.test(written) && Number.isInteger(v) && !Number.isSafeInteger(v))) {
        const { message, hint } = numberRange(written);
        this.error(LOAD_CODES.numberRange, node, message, hint);
      }
      return { kind: 'number', value: v, span };
    }
    return this.error(LOAD_CODES.unsupportedYaml, node, 'this kind of YAML value cannot appear in a topology',
      'use strings, numbers, booleans, null, lists and mappings only');
  }

  private withSpan(node: RawNode | null, span: RawNode['span']): RawNode | null {
    // Validation points at the alias, where the user wrote the value for this place.
    return node && { ...node, span };
  }

  private error(code: string, node: Node, message: string, hint?: string): null {
    const range = node.range ?? [0, 1, 1];
    this.diagnostics.push(this.src.diag(code, 'error', message, range[0], range[1], hint));
    return null;
  }
}

function tooDeep(src: Source, offset: number): Diagnostic {
  return src.diag(LOAD_CODES.tooDeep, 'error', `values are nested more than ${MAX_DEPTH} levels deep`, offset, offset + 1,
    'a topology needs a few levels; this file is malformed or hostile');
}

function emptyFile(src: Source): Diagnostic {
  return src.diag(LOAD_CODES.empty, 'error', 'the topology file is empty', 0, 1,
    'write a mapping such as `name: laptop` and `vms:`, or run `spectrum init`');
}

/** The package's messages sometimes end in a colon meant to precede an excerpt. */
function yamlMessage(message: string): string {
  const first = message.split('\n')[0]!.replace(/:\s*$/, '');
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'check the indentation and the closing brackets and quotes above this point';
    case 'TAB_AS_INDENT':
      return 'indent with spaces; YAML does not allow tabs for indentation';
    case 'DUPLICATE_KEY':
      return 'keep one of the two definitions';
    case 'MULTILINE_IMPLICIT_KEY':
      return 'a key and its colon must be on one line; a missing quote or colon earlier may cause this';
    default:
      return undefined;
  }
}
