// Renders templates/*.nix.hbs. HTML escaping is off (it is wrong for Nix); instead every
// value must go through one of the Nix helpers below, and a template that interpolates
// anything another way is refused when it is compiled, so no path can skip escaping.
import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Arg } from '../../vmm/types.js';
import { escapeNixStringBody, nixAttrName, nixBool, nixInt, nixRelativePath, nixString, nixStringList } from './nix-syntax.js';
import { packageRoot } from '../topology/load/find.js';

/** The parameter name of `argv = outputs: [ … ]` in templates/vm.nix.hbs. */
const OUTPUTS = 'outputs';

const HELPERS: Record<string, (value: never) => string> = {
  nixStr: (value: string) => nixString(value),
  nixStrOrNull: (value: string | null) => (value === null ? 'null' : nixString(value)),
  nixAttr: (value: string) => nixAttrName(value),
  nixList: (value: string[]) => nixStringList(value),
  nixInt: (value: number) => nixInt(value),
  nixBool: (value: boolean) => nixBool(value),
  nixPath: (value: string) => nixRelativePath(value),
  nixArg: (value: Arg) =>
    typeof value === 'string'
      ? nixString(value)
      : `"${escapeNixStringBody(value.prefix ?? '')}\${${OUTPUTS}.${nixAttrName(value.ref)}}${escapeNixStringBody(value.suffix ?? '')}"`,
};

const handlebars = Handlebars.create();
for (const [name, helper] of Object.entries(HELPERS)) {
  // Handlebars appends its options object to the arguments: one value means two arguments.
  handlebars.registerHelper(name, (...args: unknown[]) => {
    if (args.length !== 2) throw new Error(`{{${name}}} takes exactly one value`);
    // Strict mode does not cover helper arguments: a name missing from the view arrives as undefined.
    if (args[0] === undefined) throw new Error(`{{${name}}} got a value missing from the view`);
    return new handlebars.SafeString(helper(args[0] as never));
  });
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Renders templates/<name>.nix.hbs with a fully resolved view. */
export function render(name: string, view: object): string {
  let template = compiled.get(name);
  if (!template) {
    const file = join(packageRoot(), 'templates', `${name}.nix.hbs`);
    template = compileTemplate(readFileSync(file, 'utf8'), `templates/${name}.nix.hbs`);
    compiled.set(name, template);
  }
  return template(view);
}

/**
 * Compiles a template after checking it interpolates only through the Nix helpers and
 * uses no block but `each`. `strict` makes a name missing from the view an error instead
 * of an empty string.
 */
export function compileTemplate(source: string, file: string): HandlebarsTemplateDelegate {
  checkStatements(handlebars.parse(source).body as unknown as Statement[], file);
  return handlebars.compile(source, { noEscape: true, strict: true });
}

/** The parts of Handlebars' AST nodes the check reads. */
interface Statement {
  type: string;
  loc: { start: { line: number; column: number } };
  path?: { original?: string };
  params?: unknown[];
  escaped?: boolean;
  program?: { body: Statement[] };
  inverse?: { body: Statement[] };
}

function checkStatements(statements: Statement[], file: string): void {
  for (const s of statements) {
    const where = `${file}:${s.loc.start.line}:${s.loc.start.column + 1}`;
    const name = s.path?.original;
    if (s.type === 'ContentStatement' || s.type === 'CommentStatement') continue;
    if (s.type === 'MustacheStatement') {
      if (!s.escaped) throw new Error(`${where}: triple-stash {{{ }}} is not allowed; use a Nix helper`);
      if (name === undefined || !(name in HELPERS) || s.params?.length !== 1) {
        throw new Error(`${where}: {{${name ?? '…'}}} must be one of ${Object.keys(HELPERS).join(', ')} applied to one value`);
      }
    } else if (s.type === 'BlockStatement' && name === 'each') {
      checkStatements(s.program!.body, file);
      if (s.inverse) checkStatements(s.inverse.body, file);
    } else {
      throw new Error(`${where}: templates hold no logic beyond {{#each}} (found ${s.type}${name ? ` ${name}` : ''})`);
    }
  }
}
