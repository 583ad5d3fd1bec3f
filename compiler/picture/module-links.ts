/**
 * The module dependency graph (`schemac graph --modules-only`): one node per module, one edge
 * per pair of modules linked by foreign keys (from the referencing module), with the number of
 * foreign keys, and the edges that lie on a cycle between modules marked.
 */
import type { Graph } from "../graph.js";
import { qualifiedKey } from "../graph.js";
import { modulesOf } from "../modules/ownership.js";
import { Ids } from "./model.js";

/** A module as drawn. */
export interface ModuleNode {
  readonly id: string;
  readonly name: string;
  readonly tables: number;
}

/** Foreign keys from one module to another. */
export interface ModuleLink {
  readonly from: string;
  readonly to: string;
  readonly foreignKeys: number;
  /** True when the target module also reaches back to the source (a cycle between modules). */
  readonly cycle: boolean;
}

/** The modules and their links, sorted by name. */
export interface ModuleLinks {
  readonly modules: readonly ModuleNode[];
  readonly links: readonly ModuleLink[];
}

/** Builds the module graph of a model; with `module`, only that module and the modules linked to it. */
export function buildModuleLinks(model: Graph, module?: string): ModuleLinks {
  const tableModule = new Map(model.tables.map((t) => [qualifiedKey(t), t.module]));
  const counts = new Map<string, number>();
  for (const table of model.tables) {
    for (const fk of table.foreignKeys) {
      const from = table.module;
      const to = tableModule.get(qualifiedKey(fk.references));
      if (from === undefined || to === undefined || from === to) continue;
      const key = `${from}\u0000${to}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const pairs = [...counts].map(([key, n]) => {
    const [from = "", to = ""] = key.split("\u0000");
    return { from, to, n };
  });
  const component = stronglyConnected(modulesOf(model), pairs);
  const ids = new Ids("m_");
  const kept = pairs.filter((p) => module === undefined || p.from === module || p.to === module);
  const names = modulesOf(model).filter((m) => module === undefined || m === module || kept.some((p) => p.from === m || p.to === m));
  const nodes = names.map((name) => ({ id: ids.of(name), name, tables: model.tables.filter((t) => t.module === name).length }));
  const links = kept
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : a.to < b.to ? -1 : a.to > b.to ? 1 : 0))
    .map((p) => ({ from: ids.of(p.from), to: ids.of(p.to), foreignKeys: p.n, cycle: component.get(p.from) === component.get(p.to) }));
  return { modules: nodes, links };
}

/** Tarjan's strongly connected components: module → component number. */
function stronglyConnected(nodes: readonly string[], edges: readonly { from: string; to: string }[]): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const component = new Map<string, number>();
  const stack: string[] = [];
  let counter = 0;
  let components = 0;
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    for (const e of edges.filter((x) => x.from === node)) {
      if (!index.has(e.to)) {
        visit(e.to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(e.to) ?? 0));
      } else if (!component.has(e.to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(e.to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
        component.set(top, components);
        if (top === node) break;
      }
      components++;
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return component;
}
