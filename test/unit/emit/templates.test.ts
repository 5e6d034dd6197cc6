import { describe, expect, it } from 'vitest';
import { compileTemplate } from '../../../cli/emit/templates.js';

describe('templates', () => {
  it('render values only through the Nix helpers', () => {
    const template = compileTemplate('{ a = {{nixStr a}}; b = [ {{#each b}}{{nixInt this}} {{/each}}]; c = {{nixArg c}}; }', 't');
    expect(template({ a: '${x}"', b: [1, 2], c: { ref: 'kernel', prefix: 'path=$', suffix: ',ro' } })).toBe(
      '{ a = "\\${x}\\""; b = [ 1 2 ]; c = "path=\\$${outputs.kernel},ro"; }',
    );
  });

  it('refuse a template that could skip escaping or hold logic', () => {
    const bad: [string, RegExp][] = [
      ['{{description}}', /must be one of nixStr/],
      ['{{{nixStr description}}}', /triple-stash/],
      ['{{nixStr a b}}', /applied to one value/],
      ['{{#if a}}x{{/if}}', /no logic beyond/],
      ['{{#each a}}{{#with b}}{{/with}}{{/each}}', /no logic beyond/],
      ['{{#each a}}{{this}}{{/each}}', /must be one of/],
      ['{{#each a}}x{{else}}{{raw}}{{/each}}', /must be one of/],
      ['{{> header}}', /no logic beyond/],
    ];
    for (const [source, message] of bad) expect(() => compileTemplate(source, 'bad.nix.hbs'), source).toThrow(message);
  });

  it('name the file, line and column of a refused expression', () => {
    expect(() => compileTemplate('{\n  x = {{x}};\n}', 'templates/x.nix.hbs')).toThrow(/^templates\/x\.nix\.hbs:2:7: /);
  });

  it('fail on a value missing from the view instead of rendering nothing', () => {
    expect(() => compileTemplate('{{nixStr missing}}', 't')({})).toThrow(/missing/);
  });
});
