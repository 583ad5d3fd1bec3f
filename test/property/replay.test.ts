/**
 * The replay of offline results against the reference, over random edits: a project takes a
 * random sequence of steps, each a random command line and colour setting run before and after an
 * edit of one input (a model file, a file added or deleted, the config, snapshot.json, a migration
 * file, schemac.sum, or none) and maybe of the colour setting, and maybe once more; every replayed run must print, exit and write exactly what the
 * CLI with SCHEMAC_CACHE=0 does from the same files. Steps with no edit make replays happen, and
 * the test checks that some did. Seeded: SCHEMAC_PROPERTY_SEED and SCHEMAC_PROPERTY_RUNS.
 */
import { appendFileSync, existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertSameAsReference, freshProject, moduleA, moduleB, readProjectFile, reference, writeFiles, type RunSetting } from "../helpers/replay.js";
import { propertySettings } from "./harness.js";

/** An edit of one input, applied to the project as it is (each one toggles, so sequences wander back and forth). */
type Edit = (root: string) => void;

const toggle = (root: string, path: string, marker: string): void => {
  const text = existsSync(join(root, path)) ? readProjectFile(root, path) : "";
  writeFiles(root, { [path]: text.endsWith(marker) ? text.slice(0, -marker.length) : text + marker });
};

const edits: Record<string, Edit> = {
  none: () => undefined,
  "column added or removed": (root) => {
    const text = readProjectFile(root, "src/modules/a/schema.ts");
    writeFiles(root, { "src/modules/a/schema.ts": text.includes("nickname") ? moduleA : moduleA.replace("  age: integer(),\n", "  age: integer(),\n  nickname: text(),\n") });
  },
  "type widened or narrowed": (root) => {
    const text = readProjectFile(root, "src/modules/a/schema.ts");
    writeFiles(root, { "src/modules/a/schema.ts": text.includes("varchar(200)") ? text.replace("varchar(200)", "varchar(300)") : text.replace("varchar(300)", "varchar(200)") });
  },
  "index added or removed": (root) => {
    const path = "src/modules/b/schema.ts";
    if (!existsSync(join(root, path))) return;
    const text = readProjectFile(root, path);
    writeFiles(root, { [path]: text.includes("indexes") ? moduleB : moduleB.replace("{ table,", "{ index, table,").replace("  body: text(),\n});", '  body: text(),\n}, { indexes: [index("notes_user_idx").on("user_id")] });') });
  },
  "module c added or deleted": (root) => {
    if (existsSync(join(root, "src/modules/c"))) rmSync(join(root, "src/modules/c"), { recursive: true });
    else writeFiles(root, { "src/modules/c/schema.ts": 'import { table, uuid } from "schemac";\n\nexport const tags = table("tags", { id: uuid().primaryKey() });\n' });
  },
  "a file outside the globs": (root) => toggle(root, "notes.md", "x\n"),
  "config online toggled": (root) => {
    const config = JSON.parse(readProjectFile(root, "schemac.config.json")) as Record<string, unknown>;
    writeFiles(root, { "schemac.config.json": JSON.stringify({ ...config, online: config["online"] !== true }) });
  },
  "config globs narrowed or widened": (root) => {
    const config = JSON.parse(readProjectFile(root, "schemac.config.json")) as { modules: string[] };
    const modules = config.modules[0] === "src/modules/**/*.ts" ? ["src/modules/a/**/*.ts"] : ["src/modules/**/*.ts"];
    writeFiles(root, { "schemac.config.json": JSON.stringify({ ...config, modules }) });
  },
  "snapshot bytes": (root) => {
    if (existsSync(join(root, "generated/snapshot.json"))) toggle(root, "generated/snapshot.json", "\n");
  },
  "snapshot content": (root) => {
    const path = "generated/snapshot.json";
    if (!existsSync(join(root, path))) return;
    const text = readProjectFile(root, path);
    writeFiles(root, { [path]: text.includes("varchar(250)") ? text.replace("varchar(250)", "varchar(200)") : text.replace("varchar(200)", "varchar(250)") });
  },
  "newest migration edited": (root) => {
    const folder = join(root, "generated/migrations");
    const newest = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith(".up.sql")).sort().at(-1) : undefined;
    if (newest !== undefined) toggle(root, `generated/migrations/${newest}`, "-- touched\n");
  },
  "schemac.sum edited": (root) => {
    if (existsSync(join(root, "generated/schemac.sum"))) toggle(root, "generated/schemac.sum", "# extra\n");
  },
  "a stray migration file": (root) => {
    const path = join(root, "generated/migrations/0099_stray.up.sql");
    if (existsSync(path)) rmSync(path);
    else if (existsSync(join(root, "generated/migrations"))) appendFileSync(path, "SELECT 1;\n");
  },
};

const commands: readonly (readonly string[])[] = [["build"], ["build", "-m", "step"], ["build", "--online"], ["check"], ["diff"], ["diff", "--sql"], ["diff", "--json"], ["diff", "--verbose"]];
const settings: readonly RunSetting[] = [{}, { color: true }, { color: true, env: { NO_COLOR: "1" } }];

const step = fc.record({
  edit: fc.constantFrom(...Object.keys(edits)),
  argv: fc.constantFrom(...commands),
  setting: fc.constantFrom(...settings),
  repeat: fc.boolean(),
}).chain((s) => fc.record({ settingAfter: fc.oneof(fc.constant(s.setting), fc.constantFrom(...settings)) }).map(({ settingAfter }) => ({ ...s, settingAfter })));

test("replayed build, check and diff equal the reference after any sequence of edits", async () => {
  let replays = 0;
  let steps = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 3, maxLength: 8 }), async (sequence) => {
      const root = freshProject();
      assert.is((await reference(["build", "-m", "initial"], root)).code, 0);
      for (const { edit, argv, setting, settingAfter, repeat } of sequence) {
        // The command runs before the edit too, so a stale record would be there to replay.
        for (const when of ["before", "after", ...(repeat ? ["again after"] : [])]) {
          if (when === "after") (edits[edit] as Edit)(root);
          const now = when === "before" ? setting : settingAfter;
          const outcome = await assertSameAsReference(argv, root, now, `${argv.join(" ")} ${when} ${edit} (${JSON.stringify(now)})`);
          if (!outcome.loaded) replays++;
          steps++;
        }
      }
    }),
    propertySettings(6),
  );
  assert.ok(replays > 0 && replays < steps, `${replays} of ${steps} runs were replays`);
});

test.run();
