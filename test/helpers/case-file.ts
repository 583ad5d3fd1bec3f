/**
 * Case files (atlas txtar style): one `.txt` per case under test/cases/<area>/, made of sections
 * `-- name --`. Sections: `before/<path>` and `after/<path>` (module files of the two models,
 * under src/; a `step/<path>` model, when given, is built after `before` as migration "step"), `project/<path>` (any other file of the project, e.g. a config), `edit/<path>`
 * (a file written after the before model was built, e.g. a tampered migration), `symlink:<path>`
 * (a symlink to the section's text), `cmd` (the final command, default `build -m after`), and the expectations `up.sql`,
 * `down.sql`, `hazards`, `stdout`, `stderr`. Text before the first section is the description.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** A parsed case file. */
export interface CaseFile {
  readonly path: string;
  readonly name: string;
  readonly description: string;
  readonly sections: ReadonlyMap<string, string>;
}

/** Parses txtar-style text into ordered sections. */
export function parseCase(path: string, name: string, text: string): CaseFile {
  const sections = new Map<string, string>();
  const parts = text.split(/^-- (.+?) --$/m);
  const description = (parts[0] ?? "").trim();
  for (let i = 1; i < parts.length; i += 2) {
    const body = (parts[i + 1] ?? "").replace(/^\n/, "");
    sections.set(parts[i] as string, body);
  }
  return { path, name, description, sections };
}

/** Serializes a case back to text (used by accept mode). */
export function formatCase(c: CaseFile): string {
  const body = [...c.sections].map(([name, content]) => `-- ${name} --\n${content.endsWith("\n") || content === "" ? content : `${content}\n`}`);
  return `${c.description}\n${body.join("")}`;
}

/** All case files under a directory, sorted. */
export function readCases(dir: string): CaseFile[] {
  const out: CaseFile[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d).sort()) {
      const path = join(d, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (entry.endsWith(".txt")) {
        out.push(parseCase(path, relative(dir, path).split(sep).join("/").replace(/\.txt$/, ""), readFileSync(path, "utf8")));
      }
    }
  };
  walk(dir);
  return out;
}

/** Writes a case file back with new expectation sections. */
export function rewriteCase(c: CaseFile, updates: ReadonlyMap<string, string>): void {
  const sections = new Map(c.sections);
  for (const [k, v] of updates) sections.set(k, v);
  writeFileSync(c.path, formatCase({ ...c, sections }));
}
