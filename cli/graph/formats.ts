// The pictures `spectrum graph` draws, apart from the renderer so that naming them loads no
// WebAssembly or native code.
export const GRAPH_FORMATS = ['dot', 'svg', 'png'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];
