// Stable codes of the load stage (SP1xxx). docs/diagnostics-load.md lists them with
// examples; a code is never reused for another meaning.
export const LOAD_CODES = {
  unreadable: 'SP1001',
  invalidUtf8: 'SP1002',
  syntax: 'SP1003',
  unknownExtension: 'SP1004',
  empty: 'SP1005',
  duplicateKey: 'SP1006',
  tooDeep: 'SP1007',
  notLiteral: 'SP1008',
  nixEvalFailed: 'SP1009',
  evaluated: 'SP1010',
  multipleDocuments: 'SP1011',
  unsupportedYaml: 'SP1012',
  aliasExpansion: 'SP1013',
  yamlWarning: 'SP1014',
  numberRange: 'SP1015',
  hardwareFormat: 'SP1016',
} as const;

/** Nesting beyond this is refused: no real topology comes close, and it bounds recursion. */
export const MAX_DEPTH = 64;
