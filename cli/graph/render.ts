// DOT to a picture. Graphviz itself lays the graph out, compiled to WebAssembly
// (@hpcc-js/wasm-graphviz), so no system package is needed and every machine draws the same
// picture; resvg rasterizes the SVG for PNG.
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { Resvg } from '@resvg/resvg-js';

import type { GraphFormat } from './formats.js';

export async function renderGraph(dot: string, format: GraphFormat): Promise<string | Buffer> {
  if (format === 'dot') return dot;
  const svg = (await Graphviz.load()).layout(dot, 'svg', 'dot');
  if (format === 'svg') return svg;
  return new Resvg(svg, { background: 'white', fitTo: { mode: 'zoom', value: 1.5 }, font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).render().asPng();
}
