/**
 * Draws a picture as a Mermaid flowchart, which GitHub renders as is in Markdown: a subgraph per
 * module, a node per table with its key columns, a solid arrow per foreign key inside a module and
 * a dotted one across modules; `--diff` colours added, dropped and changed tables and keys.
 */
import { unknownModule } from "../modules/grouping.js";
import type { ModuleLinks } from "./module-links.js";
import type { Picture, PictureTable, Status } from "./model.js";


const statusStyle: Record<Exclude<Status, "same">, { readonly node: string; readonly link: string }> = {
  added: { node: "fill:#dafbe1,stroke:#1a7f37", link: "stroke:#1a7f37,stroke-width:2px" },
  dropped: { node: "fill:#ffebe9,stroke:#cf222e,stroke-dasharray:4 3", link: "stroke:#cf222e,stroke-width:2px,stroke-dasharray:4 3" },
  changed: { node: "fill:#fff8c5,stroke:#9a6700", link: "stroke:#9a6700,stroke-width:2px" },
};

/** Text inside a quoted Mermaid label: quotes and angle brackets as entities. */
function text(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "#quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "#124;");
}

function node(t: PictureTable): string {
  const lines = [text(t.label), ...t.columns.map((c) => text(`${c.name} ${c.type} ${c.keys.join(" ")}`))];
  return `${t.id}["${lines.join("<br/>")}"]`;
}

/** The tables view as a Mermaid flowchart. */
export function pictureToMermaid(picture: Picture): string {
  const out = ["flowchart LR"];
  picture.clusters.forEach((cluster, i) => {
    out.push(`  subgraph c${i}["${text(cluster.module ?? unknownModule)}"]`);
    for (const t of cluster.tables) out.push(`    ${node(t)}`);
    out.push("  end");
  });
  for (const e of picture.edges) out.push(`  ${e.from} ${e.crossModule ? "-.->" : "-->"}|${text(e.label)}| ${e.to}`);
  const tables = picture.clusters.flatMap((c) => c.tables);
  for (const status of ["added", "dropped", "changed"] as const) {
    const nodes = tables.filter((t) => t.status === status).map((t) => t.id);
    if (nodes.length > 0) out.push(`  classDef ${status} ${statusStyle[status].node}`, `  class ${nodes.join(",")} ${status}`);
    const links = picture.edges.flatMap((e, i) => (e.status === status ? [i] : []));
    if (links.length > 0) out.push(`  linkStyle ${links.join(",")} ${statusStyle[status].link}`);
  }
  return `${out.join("\n")}\n`;
}

/** The modules view as a Mermaid flowchart; links on a cycle between modules are red and say so. */
export function moduleLinksToMermaid(graph: ModuleLinks): string {
  const out = ["flowchart LR"];
  for (const m of graph.modules) out.push(`  ${m.id}["${text(m.name)}<br/>${m.tables} table${m.tables === 1 ? "" : "s"}"]`);
  graph.links.forEach((l) => out.push(`  ${l.from} -->|${l.foreignKeys} FK${l.foreignKeys === 1 ? "" : "s"}${l.cycle ? ", cycle" : ""}| ${l.to}`));
  const cycles = graph.links.flatMap((l, i) => (l.cycle ? [i] : []));
  if (cycles.length > 0) out.push(`  linkStyle ${cycles.join(",")} stroke:#cf222e,stroke-width:2px`);
  return `${out.join("\n")}\n`;
}
