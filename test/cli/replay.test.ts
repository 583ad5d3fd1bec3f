/**
 * The replay of offline results (compiler/cli/replay.ts): an unchanged project answers build,
 * check and diff from the recorded result without loading the CLI, and an edit to any input
 * (a model file, a new or deleted file the globs select, the config, the snapshot, a migration
 * file, schemac.sum, the flags, the colour setting, the working directory) is a miss whose output
 * is the reference's (the CLI run with SCHEMAC_CACHE=0). test/property/replay.test.ts draws
 * random edits; here each input kind has a test of its own.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { cacheDirectory } from "../../compiler/extract/cache.js";
import { runReplayed } from "../../compiler/cli/replay.js";
import type { CliIo } from "../../compiler/cli/io.js";
import { assertSameAsReference, freshProject, migrationFiles, moduleA, moduleB, readProjectFile, reference, replayed, writeFiles, type RunSetting } from "../helpers/replay.js";

const repo = join(import.meta.dirname, "..", "..");

/**
 * A project built once (0001_initial), then changed by `pending` if given, whose `argv` has been
 * run twice so its result is recorded.
 */
async function primed(argv: readonly string[], setting: RunSetting = {}, pending?: (root: string) => void): Promise<string> {
  const root = freshProject();
  assert.is((await reference(["build", "-m", "initial"], root)).code, 0);
  pending?.(root);
  await replayed(argv, root, setting);
  const second = await replayed(argv, root, setting);
  assert.not.ok(second.loaded, `a second ${argv.join(" ")} with nothing changed is replayed`);
  return root;
}

test("an unchanged project replays build, check and diff exactly, without loading the CLI", async () => {
  const root = freshProject();
  assert.is((await replayed(["build", "-m", "initial"], root)).code, 0);
  for (const argv of [["build"], ["check"], ["diff"], ["diff", "--sql"], ["diff", "--json"], ["diff", "--verbose"]]) {
    const first = await replayed(argv, root);
    assert.ok(first.loaded, `the first ${argv.join(" ")} runs the CLI`);
    const again = await assertSameAsReference(argv, root);
    assert.not.ok(again.loaded, `the second ${argv.join(" ")} is a replay`);
    assert.equal(again.output, first.output);
  }
});

test("a build that writes a migration records nothing: the next build says there is no change", async () => {
  const root = await primed(["build"]);
  writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("  age: integer(),\n", "  age: integer(),\n  nickname: text(),\n") });
  const wrote = await assertSameAsReference(["build", "-m", "nickname"], root);
  assert.ok(wrote.loaded);
  // The reference wrote the migration (assertSameAsReference leaves the reference's files).
  assert.ok(migrationFiles(root).includes("0002_nickname.up.sql"), migrationFiles(root).join(", "));
  const after = await replayed(["build", "-m", "nickname"], root);
  assert.ok(after.loaded, "the inputs changed when the migration was written");
  assert.match(after.output.join(""), /No changes/);
  assert.not.ok((await replayed(["build", "-m", "nickname"], root)).loaded, "and that no-change result is replayed next time");
});

/** An edit of one input kind: after it, the replayed run must be a miss with the reference's output. */
interface InputEdit {
  readonly name: string;
  readonly argv: readonly string[];
  readonly edit: (root: string) => void;
  readonly setting?: RunSetting;
  /** A model change made before the result is recorded. */
  readonly pending?: (root: string) => void;
}

/** Module b with an index on notes.user_id: a pending change whose SQL `"online": true` changes. */
const indexedB = moduleB.replace("{ table,", "{ index, table,").replace("  body: text(),\n});", '  body: text(),\n}, { indexes: [index("notes_user_idx").on("user_id")] });');

const edits: readonly InputEdit[] = [
  { name: "a model file edited", argv: ["check"], edit: (root) => writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(300)") }) },
  { name: "the same edit, for build", argv: ["build"], edit: (root) => writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(300)") }) },
  {
    name: "a new file the glob selects",
    argv: ["diff"],
    edit: (root) => writeFiles(root, { "src/modules/c/schema.ts": 'import { table, uuid } from "schemac";\n\nexport const tags = table("tags", { id: uuid().primaryKey() });\n' }),
  },
  { name: "a model file deleted", argv: ["check"], edit: (root) => rmSync(join(root, "src/modules/b/schema.ts")) },
  {
    name: "the config's globs",
    argv: ["diff"],
    edit: (root) => writeFiles(root, { "schemac.config.json": JSON.stringify({ modules: ["src/modules/a/**/*.ts"], out: "generated" }) }),
  },
  {
    name: "the config alone (online), with a pending index",
    argv: ["diff", "--sql"],
    pending: (root) => writeFiles(root, { "src/modules/b/schema.ts": indexedB }),
    edit: (root) => writeFiles(root, { "schemac.config.json": JSON.stringify({ modules: ["src/modules/**/*.ts"], out: "generated", online: true }) }),
  },
  { name: "snapshot.json's bytes (a trailing newline)", argv: ["check"], edit: (root) => appendFileSync(join(root, "generated/snapshot.json"), "\n") },
  { name: "snapshot.json made unreadable JSON", argv: ["diff"], edit: (root) => writeFiles(root, { "generated/snapshot.json": "{" }) },
  { name: "a migration file edited", argv: ["check"], edit: (root) => appendFileSync(join(root, "generated/migrations/0001_initial.up.sql"), "-- edited\n") },
  { name: "a migration file deleted", argv: ["check"], edit: (root) => rmSync(join(root, "generated/migrations/0001_initial.down.sql")) },
  { name: "a migration file added", argv: ["build"], edit: (root) => writeFiles(root, { "generated/migrations/0002_extra.up.sql": "SELECT 1;\n" }) },
  { name: "schemac.sum edited", argv: ["check"], edit: (root) => writeFiles(root, { "generated/schemac.sum": `${readProjectFile(root, "generated/schemac.sum")}extra line\n` }) },
  { name: "schemac.sum deleted", argv: ["check"], edit: (root) => rmSync(join(root, "generated/schemac.sum")) },
  { name: "the output folder deleted", argv: ["diff"], edit: (root) => rmSync(join(root, "generated"), { recursive: true }) },
];

for (const { name, argv, edit, setting, pending } of edits) {
  test(`an edit is never answered from the record: ${name}`, async () => {
    const root = await primed(argv, setting, pending);
    edit(root);
    const after = await assertSameAsReference(argv, root, setting, name);
    assert.ok(after.loaded, `${name}: the CLI ran`);
  });
}

test("a file the globs do not select, or a file in a skipped folder, is not an input", async () => {
  const root = await primed(["check"]);
  writeFiles(root, { "notes.md": "x\n", "src/modules/a/.hidden/x.ts": "export const x = 1;\n", "src/modules/a/types.d.ts": "export {};\n" });
  const after = await assertSameAsReference(["check"], root);
  assert.not.ok(after.loaded);
});

test("each command line, colour setting, NO_COLOR, SCHEMAC_ variable and working directory has a record of its own", async () => {
  const root = await primed(["diff"]);
  writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(300)") });
  await replayed(["diff"], root);
  assert.not.ok((await replayed(["diff"], root)).loaded);
  const variants: { argv: readonly string[]; setting?: RunSetting; cwd?: string; what: string }[] = [
    { argv: ["diff", "--json"], what: "--json" },
    { argv: ["diff", "--sql"], what: "--sql" },
    { argv: ["check"], what: "another command" },
    { argv: ["diff"], setting: { color: true }, what: "colour" },
    { argv: ["diff"], setting: { color: true, env: { NO_COLOR: "1" } }, what: "NO_COLOR" },
    { argv: ["diff"], setting: { env: { SCHEMAC_DEBUG: "1" } }, what: "SCHEMAC_DEBUG" },
    { argv: ["diff", "--cwd", "."], what: "--cwd" },
    { argv: ["diff", "--cwd", root], cwd: join(root, ".."), what: "another working directory" },
  ];
  for (const v of variants) {
    const first = await replayed(v.argv, v.cwd ?? root, v.setting);
    assert.ok(first.loaded, `${v.what}: a miss the first time`);
    const slow = await reference(v.argv, v.cwd ?? root, v.setting);
    assert.equal(first.output, slow.output, v.what);
    const again = await replayed(v.argv, v.cwd ?? root, v.setting);
    assert.not.ok(again.loaded, `${v.what}: replayed the second time`);
    assert.equal(again.output, slow.output, v.what);
  }
});

test("a failing check is replayed with its stderr, its stdout in order and exit code 1", async () => {
  const root = await primed(["check"]);
  writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(300)") });
  const first = await assertSameAsReference(["check"], root);
  assert.is(first.code, 1);
  const again = await replayed(["check"], root);
  assert.not.ok(again.loaded);
  assert.is(again.code, 1);
  assert.equal(again.output, first.output);
  assert.ok(again.output.length >= 2 && again.output[0]?.startsWith("stdout: ") && again.output[1]?.startsWith("stderr: "), again.output.join("|"));
});

test("SCHEMAC_CACHE=0 always runs the CLI, and a corrupt or foreign record is a miss", async () => {
  const root = await primed(["check"]);
  assert.ok((await replayed(["check"], root, { env: { SCHEMAC_CACHE: "0" } })).loaded);
  const folder = join(cacheDirectory(root), "results");
  const records = readdirSync(folder);
  assert.ok(records.length > 0);
  for (const [i, name] of records.entries()) {
    writeFileSync(join(folder, name), i % 2 === 0 ? "{not json" : JSON.stringify({ format: 1, key: "another", value: { output: [["stdout", "stale\n"]], code: 0 } }));
  }
  const after = await assertSameAsReference(["check"], root);
  assert.ok(after.loaded);
  assert.not.ok((await replayed(["check"], root)).loaded, "the record is written again");
});

test("an input that cannot be read (a dangling symlink the glob selects) means no replay", async () => {
  const root = await primed(["check"]);
  symlinkSync(join(root, "nowhere.ts"), join(root, "src/modules/a/ghost.ts"));
  const slow = await reference(["check"], root);
  assert.match(slow.output.join(""), /ghost\.ts/);
  for (let i = 0; i < 2; i++) {
    const run = await replayed(["check"], root);
    assert.ok(run.loaded, `run ${i + 1} loaded the CLI`);
    assert.equal(run.output, slow.output);
    assert.is(run.code, slow.code);
  }
});

test("a replay marks the project's cache folder as recently used, so the shared temp folder's pruning keeps it", async () => {
  const root = await primed(["check"]);
  utimesSync(cacheDirectory(root), new Date(0), new Date(0));
  assert.not.ok((await replayed(["check"], root)).loaded);
  assert.ok(Date.now() - statSync(cacheDirectory(root)).mtimeMs < 60_000);
});

test("a run that ends in an internal error is not recorded", async () => {
  const root = await primed(["check"]);
  writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(250)") });
  let loads = 0;
  const failing = async (_argv: readonly string[], io: CliIo): Promise<number> => {
    io.stderr.write("schemac: internal error: boom\n");
    return 1;
  };
  const io: CliIo = { cwd: root, env: {}, stdout: { write: () => undefined }, stderr: { write: () => undefined }, color: false };
  for (let i = 0; i < 2; i++) {
    await runReplayed(["check"], io, async () => {
      loads++;
      return failing;
    });
  }
  assert.is(loads, 2, "both runs loaded the CLI");
  assert.ok((await replayed(["check"], root)).loaded);
  assert.not.ok((await replayed(["check"], root)).loaded);
});

test("the real executable replays a result: same stdout, stderr and exit code, and a record on disk", () => {
  const root = freshProject();
  const bin = join(repo, "compiler", "cli", "bin.mjs");
  const spawn = (argv: readonly string[]) => spawnSync(process.execPath, [bin, ...argv], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  assert.is(spawn(["build", "-m", "initial"]).status, 0);
  writeFiles(root, { "src/modules/a/schema.ts": moduleA.replace("varchar(200)", "varchar(300)") });
  const first = spawn(["check"]);
  const again = spawn(["check"]);
  assert.is(first.status, 1);
  assert.is(again.status, 1);
  assert.is(again.stdout, first.stdout);
  assert.is(again.stderr, first.stderr);
  assert.match(first.stderr, /SC5007/);
  assert.ok(readdirSync(join(cacheDirectory(root), "results")).length > 0, "a record was written");
});

test.run();
