/**
 * A small hand-made schemac project in a temp dir for runner and database-command tests:
 * schemac.config.json, generated/migrations/*.sql, schemac.sum and snapshot.json, written
 * directly so these tests do not depend on the compiler.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Column, Graph, Table } from "../../compiler/graph.js";
import { readMigrationDirectory, type MigrationEntry } from "../../compiler/migrations/directory.js";
import { chainFiles, computeSum, formatSum } from "../../compiler/migrations/sum.js";
import { serializeSnapshot } from "../../compiler/snapshot.js";

/** One migration pair to write. */
export interface MigrationSource {
  readonly name: string;
  readonly up: string;
  readonly down: string;
}

/** A project on disk. */
export interface MigrationProject {
  readonly root: string;
  readonly migrationsDir: string;
  migrations(): MigrationEntry[];
  /** Rewrites a file of the project (path relative to root). */
  write(path: string, content: string): void;
  /** Recomputes schemac.sum, as `schemac hash` does after a deliberate edit. */
  rehash(): void;
}

function column(name: string, type: "integer" | "text", notNull: boolean): Column {
  return { name, type: { kind: "builtin", name: type, params: [], dimensions: 0 }, notNull, default: null, identity: null, generated: null, collation: null, comment: null, sequence: null };
}

function table(name: string, columns: Column[], extra: Partial<Table> = {}): Table {
  return { schema: "public", name, columns, primaryKey: { name: `${name}_pkey`, columns: ["id"] }, uniques: [], checks: [], foreignKeys: [], indexes: [], comment: null, ...extra };
}

/** The shop migrations: users, then orders with a cascading FK, then a nullable note column. */
export const shopMigrations: readonly MigrationSource[] = [
  {
    name: "0001_users",
    up: "-- 0001_users (up)\nCREATE TABLE users (\n  id integer PRIMARY KEY,\n  email text NOT NULL\n);\n",
    down: "-- 0001_users (down)\nDROP TABLE users;\n",
  },
  {
    name: "0002_orders",
    up: "-- 0002_orders (up)\nCREATE TABLE orders (\n  id integer PRIMARY KEY,\n  user_id integer NOT NULL\n);\n\nALTER TABLE orders ADD CONSTRAINT orders_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE;\n",
    down: "-- 0002_orders (down)\nDROP TABLE orders;\n",
  },
  {
    name: "0003_order_note",
    up: "-- 0003_order_note (up)\nALTER TABLE orders ADD COLUMN note text;\n",
    down: "-- 0003_order_note (down)\nALTER TABLE orders DROP COLUMN note;\n",
  },
];

/** The graph after all of `shopMigrations`. */
export const shopGraph: Graph = {
  schemas: [],
  enums: [],
  tables: [
    table("orders", [column("id", "integer", true), column("user_id", "integer", true), column("note", "text", false)], {
      foreignKeys: [{ name: "orders_user_id_fkey", columns: ["user_id"], references: { schema: "public", name: "users" }, referencedColumns: ["id"], onDelete: "cascade", onUpdate: "no action" }],
    }),
    table("users", [column("id", "integer", true), column("email", "text", true)]),
  ],
};

/** Writes a project with these migrations and snapshot into a new temp dir. */
export function makeProject(migrations: readonly MigrationSource[] = shopMigrations, snapshot: Graph = shopGraph): MigrationProject {
  const root = mkdtempSync(join(tmpdir(), "schemac-runner-"));
  const migrationsDir = join(root, "generated", "migrations");
  mkdirSync(migrationsDir, { recursive: true });
  writeFileSync(join(root, "schemac.config.json"), `${JSON.stringify({ modules: ["src/**/*.ts"] })}\n`);
  for (const m of migrations) {
    writeFileSync(join(migrationsDir, `${m.name}.up.sql`), m.up);
    writeFileSync(join(migrationsDir, `${m.name}.down.sql`), m.down);
  }
  writeFileSync(join(root, "generated", "snapshot.json"), serializeSnapshot(snapshot));
  const project: MigrationProject = {
    root,
    migrationsDir,
    migrations: () => readMigrationDirectory(migrationsDir, "generated/migrations").migrations,
    write: (path, content) => writeFileSync(join(root, path), content),
    rehash: () => {
      const files = chainFiles(project.migrations(), (p) => readFileSync(p, "utf8"));
      writeFileSync(join(root, "generated", "schemac.sum"), formatSum(computeSum(files)));
    },
  };
  project.rehash();
  return project;
}
