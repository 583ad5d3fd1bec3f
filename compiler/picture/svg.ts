/**
 * Lays DOT text out as SVG with Graphviz compiled to WebAssembly (@hpcc-js/wasm-graphviz: no
 * install script, no browser, no system Graphviz). Loaded only when SVG is asked for.
 */

/** The SVG drawing of a DOT graph. */
export async function dotToSvg(dot: string): Promise<string> {
  const { Graphviz } = await import("@hpcc-js/wasm-graphviz");
  const graphviz = await Graphviz.load();
  return graphviz.dot(dot, "svg");
}
