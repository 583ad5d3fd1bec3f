/**
 * The header line that marks a squashed migration: `-- squashes: 0001_a 0002_b … 0005_e`, third
 * line of its files, after the name and `-- parent: none`. A squashed migration keeps the name of
 * the last migration it folds (so the next one's parent is unchanged) and is the first of the
 * chain; the chain's numbering then starts at its version. A `-- modules:` line (the modules
 * whose tables, enums and schemas it creates) follows it; squashes written before it have none.
 */

/** The names a squashed migration's up file folds, in order, or null for an ordinary migration. */
export function squashedNames(upText: string): string[] | null {
  const match = /^-- [^\n]*\n-- parent: [^\n]*\n-- squashes: ([^\n]*)\n/.exec(upText);
  if (match === null) return null;
  const names = (match[1] ?? "").split(" ").filter((n) => n.length > 0);
  return names.length === 0 ? null : names;
}

/** Adds the `-- squashes:` line after a file's two header lines. */
export function withSquashedHeader(text: string, names: readonly string[]): string {
  const lines = text.split("\n");
  return [...lines.slice(0, 2), `-- squashes: ${names.join(" ")}`, ...lines.slice(2)].join("\n");
}

/** The modules a squashed migration's header lists (`-- modules:` after `-- squashes:`), or undefined when it lists none. */
export function squashedModules(upText: string): string[] | undefined {
  const match = /^-- [^\n]*\n-- parent: [^\n]*\n-- squashes: [^\n]*\n-- modules: ([^\n]+)\n/.exec(upText);
  return match?.[1]?.split(", ");
}
