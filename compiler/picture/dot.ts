/**
 * Draws a picture in Graphviz DOT: a cluster per module, a record-like HTML label per table with
 * its key columns, solid edges inside a module and dashed blue ones across modules; `--diff`
 * colours added, dropped and changed tables and keys. svg.ts lays this text out.
 */
import type { ModuleLinks } from "./module-links.js";
import { unknownModule } from "../modules/grouping.js";
import type { Picture, PictureTable, Status } from "./model.js";

const colors: Record<Status, { readonly fill: string; readonly line: string }> = {
  same: { fill: "#f6f8fa", line: "#57606a" },
  added: { fill: "#dafbe1", line: "#1a7f37" },
  dropped: { fill: "#ffebe9", line: "#cf222e" },
  changed: { fill: "#fff8c5", line: "#9a6700" },
};

/** Text inside a DOT HTML label. */
function html(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** A DOT double-quoted string. */
function quoted(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

const header = ["  rankdir=LR;", '  fontname="Helvetica";', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];

function table(t: PictureTable): string {
  const c = colors[t.status];
  const rows = t.columns.map((col) => `<tr><td align="left">${html(col.name)}</td><td align="left">${html(col.type)}</td><td>${col.keys.join(" ")}</td></tr>`);
  const dashed = t.status === "dropped" ? ' style="dashed"' : "";
  return `${t.id} [shape=plaintext, label=<<table border="1" cellborder="0" cellspacing="2" cellpadding="4" color="${c.line}" bgcolor="${c.fill}"${dashed}><tr><td colspan="3"><b>${html(t.label)}</b></td></tr>${rows.join("")}</table>>];`;
}

/** The tables view in DOT. */
export function pictureToDot(picture: Picture): string {
  const out = ["digraph schema {", ...header];
  picture.clusters.forEach((cluster, i) => {
    out.push(`  subgraph cluster_${i} {`, `    label=${quoted(cluster.module ?? unknownModule)};`, '    style="rounded"; color="#8c959f";');
    for (const t of cluster.tables) out.push(`    ${table(t)}`);
    out.push("  }");
  });
  for (const e of picture.edges) {
    const line = e.status === "same" && e.crossModule ? "#0969da" : colors[e.status].line;
    const style = e.status === "dropped" || e.crossModule ? ", style=dashed" : "";
    out.push(`  ${e.from} -> ${e.to} [label=${quoted(e.label)}, color="${line}", fontcolor="${line}"${style}];`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

/** The modules view in DOT; links on a cycle between modules are red and say so. */
export function moduleLinksToDot(graph: ModuleLinks): string {
  const out = ["digraph modules {", ...header];
  for (const m of graph.modules) out.push(`  ${m.id} [shape=box, style="rounded", label=${quoted(`${m.name}\n${m.tables} table${m.tables === 1 ? "" : "s"}`)}];`);
  for (const l of graph.links) {
    const label = `${l.foreignKeys} FK${l.foreignKeys === 1 ? "" : "s"}${l.cycle ? ", cycle" : ""}`;
    out.push(`  ${l.from} -> ${l.to} [label=${quoted(label)}${l.cycle ? ', color="#cf222e", fontcolor="#cf222e"' : ""}];`);
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}
