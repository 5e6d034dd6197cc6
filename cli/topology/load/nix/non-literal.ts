// How messages name a Nix construct outside the literal subset spectrum reads by itself.

const NAMES: Record<string, string> = {
  let_expression: '`let … in`',
  let_attrset_expression: '`let { … }`',
  rec_attrset_expression: '`rec { … }`',
  with_expression: '`with`',
  function_expression: 'a function',
  assert_expression: '`assert`',
  if_expression: '`if … then … else`',
  select_expression: 'an attribute selection (`x.y`)',
  has_attr_expression: 'the `?` operator',
  binary_expression: 'an operator',
  path_expression: 'a path',
  hpath_expression: 'a path',
  spath_expression: 'a search path (`<…>`)',
  inherit: '`inherit`',
  inherit_from: '`inherit (…)`',
  interpolation: 'string interpolation `${…}`',
};

/** `text` is the start of the construct's source (or the operator of a unary expression). */
export function describeNonLiteral(type: string, text: string): string {
  if (type === 'apply_expression') {
    const fn = /^[A-Za-z_][A-Za-z0-9_'.-]*/.exec(text)?.[0];
    return fn === 'import' ? '`import`' : fn ? `a function call (\`${fn} …\`)` : 'a function call';
  }
  if (type === 'variable_expression') return `the variable \`${text}\``;
  if (type === 'unary_expression') return `the operator \`${text || '!'}\``;
  if (type === 'function_expression' && text.startsWith('{')) return 'a function (`{ … }: …`)';
  return NAMES[type] ?? `a \`${type.replace(/_expression$/, '')}\` expression`;
}
