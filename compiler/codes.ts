/**
 * The table of diagnostic codes. Codes are grouped by phase and never renumbered or reused:
 * SC1xxx config and discovery, SC2xxx extraction (static evaluation), SC3xxx graph validation,
 * SC4xxx diff and plan, SC5xxx migrations directory, snapshot and checksums, SC6xxx database
 * and runner. A test checks that codes are unique, documented in the README and triggered by
 * at least one case.
 */
import type { HazardType } from "./operations.js";

/** Severity of a diagnostic; only errors stop a command. */
export type Severity = "error" | "warning" | "notice";

interface CodeEntry {
  readonly code: string;
  readonly severity: Severity;
  readonly message: (...args: never[]) => string;
  readonly hint?: string;
}

const table = {
  // SC1xxx: config and discovery
  ConfigUnreadable: {
    code: "SC1001",
    severity: "error",
    message: (path: string, reason: string) => `cannot read config ${path}: ${reason}`,
  },
  ConfigInvalid: {
    code: "SC1002",
    severity: "error",
    message: (what: string) => `invalid config: ${what}`,
  },
  NoModules: {
    code: "SC1003",
    severity: "warning",
    message: (globs: string) => `no TypeScript file declares a table or enum (globs: ${globs})`,
    hint: "check the `modules` globs in schemac.config.json; `schemac diff --verbose` lists what was skipped and why",
  },
  FileUnreadable: {
    code: "SC1004",
    severity: "error",
    message: (path: string, reason: string) => `cannot read ${path}: ${reason}`,
  },
  NotAProject: {
    code: "SC1005",
    severity: "error",
    message: (dir: string) => `not a schemac project: ${dir} has no schemac.config.json, no generated/ folder and no .ts file`,
    hint: "run `schemac init` there to start one, or point at a project with --cwd DIR or --config PATH",
  },
  ModuleUnnamed: {
    code: "SC1010",
    severity: "error",
    message: (file: string, patterns: string) => `${file} declares tables or enums but belongs to no module: "moduleOf" (${patterns}) does not match it`,
    hint: "add a \"moduleOf\" pattern that matches it (the folder or file that stands for <module>), or move the file into a module",
  },
  UnknownBoundaryModule: {
    code: "SC1011",
    severity: "warning",
    message: (module: string, known: string) => `"boundaries" in the config names module ${module}, which declares nothing (modules: ${known})`,
    hint: "a typo? Module names are the folders under the modules root, or what \"moduleOf\" names",
  },
  UnknownModule: {
    code: "SC1012",
    severity: "error",
    message: (module: string, known: string) => `no module named ${module} declares anything (modules: ${known})`,
  },

  // SC2xxx: extraction (static evaluation of the DSL)
  NotStatic: {
    code: "SC2001",
    severity: "error",
    message: (what: string, found: string) => `${what} must be static (found ${found})`,
    hint: "use literals, const identifiers, spreads of const column groups or zero-argument functions that return one",
  },
  UnknownImport: {
    code: "SC2002",
    severity: "error",
    message: (name: string, from: string) => `cannot resolve '${name}' imported from '${from}'`,
  },
  UnknownBuilder: {
    code: "SC2003",
    severity: "error",
    message: (name: string) => `'${name}' is not a schemac column type or modifier`,
  },
  BadArgument: {
    code: "SC2004",
    severity: "error",
    message: (what: string, expected: string) => `${what}: expected ${expected}`,
  },
  NotAReference: {
    code: "SC2005",
    severity: "error",
    message: (found: string) =>
      `references() must return a column of a declared table, as in () => users.id (found ${found})`,
  },
  ImportCycleInit: {
    code: "SC2006",
    severity: "warning",
    message: (name: string, chain: string) =>
      `'${name}' is used while its module loads but comes through an import cycle (${chain}); run as JavaScript this is a ReferenceError`,
    hint: "move shared enums and column groups into a leaf file (e.g. modules/orders/enums.ts) that imports no module",
  },
  SyntaxError: {
    code: "SC2007",
    severity: "error",
    message: (message: string) => `syntax error: ${message}`,
  },

  // SC3xxx: graph validation
  DuplicateTable: {
    code: "SC3001",
    severity: "error",
    message: (name: string) => `table ${name} is declared twice`,
  },
  DuplicateEnum: {
    code: "SC3002",
    severity: "error",
    message: (name: string) => `enum ${name} is declared twice`,
  },
  UnknownTable: {
    code: "SC3003",
    severity: "error",
    message: (name: string) => `foreign key references unknown table ${name}`,
  },
  UnknownColumn: {
    code: "SC3004",
    severity: "error",
    message: (column: string, table: string, where: string) =>
      `${where} names column ${column}, which table ${table} does not have`,
  },
  NameTooLong: {
    code: "SC3005",
    severity: "error",
    message: (name: string, bytes: number) =>
      `name "${name}" is ${bytes} bytes; PostgreSQL allows at most 63 (NAMEDATALEN - 1) and would truncate it`,
  },
  InvalidTypeParams: {
    code: "SC3006",
    severity: "error",
    message: (type: string, reason: string) => `invalid type ${type}: ${reason}`,
  },
  EnumDefaultNotValue: {
    code: "SC3007",
    severity: "error",
    message: (value: string, enumName: string, values: string) =>
      `default '${value}' is not a value of enum ${enumName} (${values})`,
  },
  TwoPrimaryKeys: {
    code: "SC3008",
    severity: "error",
    message: (table: string) => `table ${table} declares more than one primary key`,
    hint: "for a composite key, use options.primaryKey: [\"a\", \"b\"]",
  },
  UnknownEnum: {
    code: "SC3009",
    severity: "error",
    message: (name: string) => `column uses unknown enum type ${name}`,
  },
  DuplicateName: {
    code: "SC3010",
    severity: "error",
    message: (kind: string, name: string, schema: string) =>
      `${kind} name ${name} is used twice in schema ${schema}`,
  },
  BadIndex: {
    code: "SC3011",
    severity: "error",
    message: (name: string) => `index ${name} has no columns; use .on("column", ...)`,
  },
  InvalidDefault: {
    code: "SC3012",
    severity: "error",
    message: (reason: string) => `invalid default: ${reason}`,
  },
  ForeignKeyMismatch: {
    code: "SC3013",
    severity: "error",
    message: (reason: string) => `invalid foreign key: ${reason}`,
  },
  InvalidEnum: {
    code: "SC3014",
    severity: "error",
    message: (name: string, reason: string) => `invalid enum ${name}: ${reason}`,
  },
  InvalidIdentity: {
    code: "SC3015",
    severity: "error",
    message: (reason: string) => `invalid identity column: ${reason}`,
  },
  BoundaryViolation: {
    code: "SC3016",
    severity: "error",
    message: (fk: string, from: string, to: string, rule: string) =>
      `foreign key ${fk} crosses a module boundary: module ${from} may not reference module ${to} (${rule})`,
    hint: "reference the module through one that the rule allows, or widen the rule in \"boundaries\" of schemac.config.json",
  },
  ForeignSchema: {
    code: "SC3017",
    severity: "error",
    message: (what: string, module: string, schema: string, why: string) => `${what} of module ${module} may not live in schema ${schema}: ${why}`,
    hint: "a module with \"ownSchema\" declares its schema with pgSchema(\"name\") and puts its tables and enums in it; no other module may",
  },

  // SC4xxx: diff and plan
  DataLossRefused: {
    code: "SC4001",
    severity: "error",
    message: (what: string) => `${what} loses data; refused without --allow-data-loss`,
    hint: "review the plan with `schemac diff`, then run `schemac build --allow-data-loss`",
  },
  UnsupportedChange: {
    code: "SC4002",
    severity: "error",
    message: (what: string) => `cannot migrate automatically: ${what}`,
  },
  InvalidSql: {
    code: "SC4003",
    severity: "error",
    message: (statement: string, reason: string) => `generated SQL does not parse (${reason}): ${statement}`,
  },
  StaleHint: {
    code: "SC4004",
    severity: "notice",
    message: (hint: string, name: string) =>
      `${hint} on ${name} is ignored: the snapshot has already moved past it (you may delete it)`,
  },
  HazardAccepted: {
    code: "SC4005",
    severity: "warning",
    message: (what: string, code: string, hazard: string, reason: string, statement: string) =>
      `${what} [${code} ${hazard}]: ${reason}; statement: ${statement}`,
  },
  PossibleRename: {
    code: "SC4006",
    severity: "warning",
    message: (what: string, old: string) => `${what} may be a rename of ${old}, which this migration drops with its data`,
  },
  RenameConflict: {
    code: "SC4007",
    severity: "error",
    message: (hint: string, name: string, reason: string) => `${hint} on ${name} cannot apply: ${reason}`,
  },

  HintInert: {
    code: "SC4008",
    severity: "notice",
    message: (hint: string, name: string, migration: string) =>
      `${hint} on ${name} was used by migration ${migration} and is inert now: safe to delete, unless you mean to delete that migration and build it again`,
  },
  OnlineNameTaken: {
    code: "SC4015",
    severity: "error",
    message: (table: string, column: string, name: string) =>
      `build --online makes ${table}.${column} NOT NULL through a temporary check named ${name}, but ${table} has a constraint of that name`,
    hint: "rename that constraint, or build this change without --online",
  },

  // SC5xxx: migrations directory, snapshot and checksums
  SnapshotUnreadable: {
    code: "SC5001",
    severity: "error",
    message: (path: string, reason: string) => `snapshot ${path} is unreadable: ${reason}`,
    hint: "restore it from version control; schemac never overwrites a snapshot it cannot read",
  },
  SnapshotVersion: {
    code: "SC5002",
    severity: "error",
    message: (path: string, found: string) => `snapshot ${path} has unsupported version ${found}`,
  },
  MigrationNumbering: {
    code: "SC5003",
    severity: "error",
    message: (reason: string) => `broken migration chain: ${reason}`,
  },
  MigrationEdited: {
    code: "SC5004",
    severity: "error",
    message: (file: string) => `migration ${file} was edited after it was generated (schemac.sum does not match)`,
    hint: "if the edit is deliberate and the migration is applied nowhere yet, run `schemac hash`",
  },
  SumUnreadable: {
    code: "SC5005",
    severity: "error",
    message: (path: string, reason: string) => `schemac.sum ${path} is unreadable: ${reason}`,
  },
  WriteFailed: {
    code: "SC5006",
    severity: "error",
    message: (path: string, reason: string) => `cannot write ${path}: ${reason}`,
  },
  PendingChanges: {
    code: "SC5007",
    severity: "error",
    message: (count: number) => `the model has ${count} change(s) with no migration; run \`schemac build -m <message>\``,
  },
  BadMigrationName: {
    code: "SC5008",
    severity: "error",
    message: (file: string) => `${file} is not named NNNN_slug.up.sql / NNNN_slug.down.sql`,
  },
  MissingPair: {
    code: "SC5009",
    severity: "error",
    message: (file: string, missing: string) => `${file} has no matching ${missing} file`,
  },
  EmptyMessage: {
    code: "SC5010",
    severity: "error",
    message: () => `a migration needs a message: schemac build -m "what changed"`,
  },
  ForkedHistory: {
    code: "SC5011",
    severity: "error",
    message: (first: string, second: string, parent: string) => `forked migration history: ${first} and ${second} both follow ${parent}`,
    hint: "two branches each added a migration; after merging, run `schemac rebase` to renumber the local ones after the merged head",
  },
  RebaseNeedsUpstream: {
    code: "SC5012",
    severity: "error",
    message: (reason: string) => `schemac rebase cannot tell which migrations are local: ${reason}`,
    hint: "commit the local migrations, then run it during or after `git merge <upstream>`, or name the upstream: schemac rebase --onto main",
  },
  RebaseConflict: {
    code: "SC5013",
    severity: "error",
    message: (migration: string, reason: string) => `cannot carry ${migration} over the upstream migrations: ${reason}`,
    hint: "settle it by hand: remove the local migrations, take snapshot.json and schemac.sum as the upstream has them (`git checkout --theirs`), then `schemac build` writes one migration from the merged models",
  },
  ManualDraftUnfinished: {
    code: "SC5014",
    severity: "error",
    message: (migration: string) => `migration ${migration} is an unfinished --manual draft: it still calls schemac_manual_conversion`,
    hint: "write the conversion in its place (up and down), then run `schemac hash` and `schemac verify`",
  },

  // SC5020–SC5029: baseline and squash
  BaselineNotFirst: {
    code: "SC5020",
    severity: "error",
    message: (dir: string, count: number, newest: string) =>
      `build --baseline writes the first migration, but ${dir} already has ${count} (newest: ${newest})`,
    hint: "a baseline is for a database adopted with `schemac pull`; to fold existing migrations into one, use `schemac squash --to V`",
  },
  SquashHandWritten: {
    code: "SC5021",
    severity: "error",
    message: (name: string, instead: string) =>
      `cannot squash ${name}: it is not what schemac generates for its change (written or edited by hand), and squashing would lose its SQL for new databases; ${instead}`,
  },
  SquashSchemaUnknown: {
    code: "SC5022",
    severity: "error",
    message: (name: string, reason: string) => `cannot squash: the schema after ${name} is unknown (${reason})`,
    hint: "squash reads the schema after each folded migration from the snapshot.json committed with it: run it in the project's git work tree, where each migration was committed on its own with its snapshot",
  },

  // SC6xxx: database and runner
  DatabaseUnreachable: {
    code: "SC6001",
    severity: "error",
    message: (target: string, reason: string) => `cannot connect to ${target}: ${reason}`,
    hint: "check that the server runs and that --db / DATABASE_URL names the right host, port, user and database",
  },
  BadDatabaseUrl: {
    code: "SC6002",
    severity: "error",
    message: (url: string, reason: string) => `invalid database url ${url}: ${reason}`,
    hint: "use postgres://user:password@host:port/database, or `memory` for pg-mem",
  },
  PgMemUnsupported: {
    code: "SC6003",
    severity: "error",
    message: (what: string) => `pg-mem cannot run this: ${what}`,
    hint: "run against PostgreSQL instead: --db postgres://user@host:port/database",
  },
  StatementFailed: {
    code: "SC6004",
    severity: "error",
    message: (statement: string, reason: string) => `statement failed (${reason}): ${statement}`,
  },
  IntrospectionFailed: {
    code: "SC6005",
    severity: "error",
    message: (what: string) => `cannot read the database schema: ${what}`,
  },

  // SC6xxx: the migration runner and the database commands
  MigrationUnparsable: {
    code: "SC6006",
    severity: "error",
    message: (file: string, reason: string) => `migration ${file} does not parse as PostgreSQL SQL (${reason}); nothing was run`,
  },
  MigrationFailed: {
    code: "SC6007",
    severity: "error",
    message: (name: string, outcome: string, reason: string, statement: string) =>
      `migration ${name} failed and ${outcome}: ${reason}; statement: ${statement}`,
  },
  MigrationChangedSinceApplied: {
    code: "SC6008",
    severity: "error",
    message: (name: string, recorded: string) => `migration ${name} was applied, but its file has changed since (${recorded}); refusing to run`,
    hint: "restore the file as it was when applied (see git log) and write the change as a new migration",
  },
  AppliedMigrationMissing: {
    code: "SC6009",
    severity: "error",
    message: (name: string) => `the database records migration ${name} as applied, but the migrations folder has no such file; refusing to run`,
    hint: "the database is ahead of this checkout: run from the code that has the migration, or `schemac stamp` to rewrite the record",
  },
  UnknownVersion: {
    code: "SC6010",
    severity: "error",
    message: (version: string, known: string) => `unknown migration version ${version} (known: ${known})`,
  },
  NoDatabaseUrl: {
    code: "SC6011",
    severity: "error",
    message: (command: string) => `schemac ${command} needs a database: pass --db URL (or --db memory) or set DATABASE_URL`,
  },
  VerifyMismatch: {
    code: "SC6012",
    severity: "error",
    message: (step: string, expected: string) => `verify: after ${step} the database does not match ${expected} (differences above, in plan form)`,
  },
  DatabaseNotEmpty: {
    code: "SC6013",
    severity: "error",
    message: (what: string) => `verify --db needs an empty database and leaves it empty, but this one has ${what}`,
    hint: "create a scratch database for it: createdb schemac_verify && schemac verify --db postgres://…/schemac_verify",
  },
  DriftFound: {
    code: "SC6014",
    severity: "error",
    message: (count: number, snapshot: string) => `the database differs from ${snapshot} in ${count} place(s) (above, as the changes made to the database)`,
  },

  // SC6020–SC6029: schemac pull (adopting an existing database)
  PullUnsupported: {
    code: "SC6020",
    severity: "error",
    message: (kind: string, name: string, reason: string) => `cannot pull ${kind} ${name}: ${reason}`,
  },
  PullLeftOut: {
    code: "SC6021",
    severity: "warning",
    message: (kind: string, name: string, reason: string) => `left out ${kind} ${name}: ${reason}`,
  },
  PullWouldOverwrite: {
    code: "SC6022",
    severity: "error",
    message: (dir: string, count: number, first: string) =>
      `${dir} already holds ${count} TypeScript file(s) (${first}); pull writes into a folder with modules only with --force`,
    hint: "with --force, pull overwrites the files it writes and removes the files an earlier pull wrote that are no longer needed; other files stay",
  },
  PullNothing: {
    code: "SC6023",
    severity: "warning",
    message: (target: string) => `the database ${target} has no table, enum or schema to pull; nothing written`,
  },
  PartlySquashed: {
    code: "SC6024",
    severity: "error",
    message: (applied: string, squashed: string, version: string) =>
      `the database applied ${applied}: only part of the migrations squashed into ${squashed}, whose up creates everything; refusing to run. Bring it to ${version} with the code from before the squash (check it out, \`schemac up --to ${version}\`), then run this code again`,
  },
} satisfies Record<string, CodeEntry>;

/** The code table: name → code, severity, message template, hint. */
export const Codes = table;

/** Name of an entry of the code table. */
export type CodeName = keyof typeof table;

/** One entry of the hazard table: its stable code, what it means and what to do instead. */
interface HazardEntry {
  readonly code: string;
  /** What the hazard does to a live database, in general terms. */
  readonly meaning: string;
  /** The online alternative: how `build --online` avoids it, or how to do it by hand. */
  readonly online: string;
}

/**
 * The closed set of hazards (SC7xxx), in the style of pg-schema-diff's hazard types: every
 * planned operation carries zero or more of them, decided from the operations and the graphs.
 * Codes are stable, never renumbered or reused; the README's hazard table is made from this one.
 */
export const HazardCodes = {
  "data-loss": {
    code: "SC7001",
    meaning: "deletes data: the rows of a dropped table, the values of a dropped column, what a narrowing type cuts off, rows holding a removed enum value, a sequence's position",
    online: "none: copy what you need first; `build` refuses it without --allow-data-loss",
  },
  "table-rewrite": {
    code: "SC7002",
    meaning: "rewrites every row of an existing table and rebuilds its indexes under an ACCESS EXCLUSIVE lock: no reads or writes until it ends",
    online: "add a new column, backfill it in batches, move reads and writes to it, then drop the old one",
  },
  "volatile-default": {
    code: "SC7003",
    meaning: "adds a column whose default is volatile (gen_random_uuid(), random(), clock_timestamp(), nextval): PostgreSQL computes it for every existing row, a table rewrite under ACCESS EXCLUSIVE",
    online: "add the column without a default, then set the default (new rows only), then backfill existing rows in batches",
  },
  "not-null-without-default": {
    code: "SC7004",
    meaning: "adds a NOT NULL column without a default to an existing table: the statement fails as soon as the table has a row",
    online: "give the column a default, or add it nullable, backfill it, then make it NOT NULL through a validated check",
  },
  "validation-scan": {
    code: "SC7005",
    meaning: "reads every row of an existing table to validate a constraint while holding its lock: SET NOT NULL and a new CHECK hold ACCESS EXCLUSIVE (no reads or writes), a new foreign key holds SHARE ROW EXCLUSIVE on both tables (no writes)",
    online: "`build --online` adds the foreign key or check NOT VALID, then runs VALIDATE CONSTRAINT in the next migration, a transaction of its own, under SHARE UPDATE EXCLUSIVE (reads and writes go on); SET NOT NULL goes through a validated CHECK (col IS NOT NULL)",
  },
  "index-build": {
    code: "SC7006",
    meaning: "builds an index on an existing table inside the migration: CREATE INDEX holds a SHARE lock (writes wait for the whole build); a new unique or primary key builds its index under ACCESS EXCLUSIVE",
    online: "`build --online` builds an index CONCURRENTLY in a no-transaction migration, and a unique or primary key from a unique index built CONCURRENTLY, then ADD CONSTRAINT … USING INDEX",
  },
  "access-exclusive-lock": {
    code: "SC7007",
    meaning: "takes an ACCESS EXCLUSIVE lock on an existing table: brief, but it waits for every running transaction on the table and every query that comes after queues behind it",
    online: "`build --online` drops the index CONCURRENTLY in a no-transaction migration, under SET lock_timeout, so a wait fails fast instead of queueing traffic",
  },
} as const satisfies Record<HazardType, HazardEntry>;
