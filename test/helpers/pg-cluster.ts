/**
 * A throwaway PostgreSQL 15 cluster for tests, as stripe/pg-schema-diff's pgengine does it:
 * `initdb` into a fresh temp dir (trust auth, superuser `postgres`), run as the `postgres` OS
 * user when the tests run as root (PostgreSQL refuses to run as root), listening on a free port
 * of 127.0.0.1 only, with durability off for speed, and always stopped and removed at the end.
 * One cluster per test process (a lazy singleton); each test makes its own database.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { openDatabase } from "../../compiler/db/connection.js";
import { introspect } from "../../compiler/db/introspect.js";
import type { Graph } from "../../compiler/graph.js";

const run = promisify(execFile);

/** Where Debian/Ubuntu's postgresql-15 package installs its server binaries. */
export const pgBinDir = process.env["SCHEMAC_PG_BIN"] ?? "/usr/lib/postgresql/15/bin";

/** A running throwaway cluster. */
export interface PgCluster {
  /** Connection URL of a database on the cluster (default `postgres`). */
  url(db?: string): string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (immediate mode) and removes its directory; safe to call twice. */
  stop(): Promise<void>;
  readonly binDir: string;
  readonly port: number;
  readonly dataDir: string;
}

/** True when initdb, pg_ctl and postgres are installed in `pgBinDir`. */
export function pgBinariesAvailable(): boolean {
  return ["initdb", "pg_ctl", "postgres"].every((b) => existsSync(join(pgBinDir, b)));
}

/**
 * Decides whether PostgreSQL tests are registered: true when the binaries exist, and also under
 * `CI=true` without them, so that each test fails on `startPgCluster`'s "binaries not found"
 * (a skip on CI would hide a broken setup); otherwise false, after printing why they are skipped.
 */
export function requirePostgres(suite: string): boolean {
  if (pgBinariesAvailable() || process.env["CI"] === "true") return true;
  process.stdout.write(`skipping PostgreSQL tests of ${suite}: PostgreSQL 15 binaries not found in ${pgBinDir}\n`);
  return false;
}

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** Runs a PostgreSQL binary, as the `postgres` OS user when we are root. */
async function runPg(binary: string, args: readonly string[]): Promise<string> {
  const path = join(pgBinDir, binary);
  const [file, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", path, ...args]] : [path, [...args]];
  try {
    const { stdout } = await run(file, argv, { env: { ...process.env, LC_ALL: "C" } });
    return stdout;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${binary} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Waits until the server answers `pg_isready` (accepting connections, not just listening). */
async function waitReady(port: number, dataDir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (await canConnect(port)) {
      try {
        await runPg("pg_isready", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", "postgres"]);
        return;
      } catch {
        // still starting up
      }
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`postgres in ${dataDir} did not accept connections on port ${port} within 30 s`);
}

const live = new Set<PgCluster>();

/** Synchronous last-chance cleanup on exit: stop every cluster still running, remove its dir. */
function stopAllSync(): void {
  for (const cluster of live) {
    const pgCtl = join(pgBinDir, "pg_ctl");
    const args = ["-D", cluster.dataDir, "-m", "immediate", "-w", "stop"];
    const child = isRoot ? ["runuser", "-u", "postgres", "--", pgCtl, ...args] : [pgCtl, ...args];
    try {
      execFileSync(child[0] ?? pgCtl, child.slice(1), { stdio: "ignore" });
    } catch {
      // the server may already be gone
    }
    rmSync(join(cluster.dataDir, ".."), { recursive: true, force: true });
  }
  live.clear();
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // "exit" also runs when the process dies of an uncaught exception; signals need their own hook.
  process.once("exit", stopAllSync);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      stopAllSync();
      process.kill(process.pid, signal);
    });
  }
}

/** Starts a new cluster; prefer `sharedPgCluster()` in tests, which starts one per process. */
export async function startPgCluster(): Promise<PgCluster> {
  if (!pgBinariesAvailable()) throw new Error(`PostgreSQL binaries not found in ${pgBinDir}`);
  const root = mkdtempSync(join(tmpdir(), "schemac-pg-"));
  const dataDir = join(root, "data");
  if (isRoot) chownSync(root, postgresUid(), postgresGid());
  const cleanupDir = (): void => rmSync(root, { recursive: true, force: true });
  try {
    await runPg("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
    const port = await freePort();
    const options = [
      `-p ${port}`,
      "-c listen_addresses=127.0.0.1",
      `-c unix_socket_directories=${root}`,
      "-c fsync=off",
      "-c full_page_writes=off",
      "-c synchronous_commit=off",
    ].join(" ");
    await runPg("pg_ctl", ["-D", dataDir, "-o", options, "-l", join(root, "server.log"), "-s", "start"]);
    let stopped = false;
    const cluster: PgCluster = {
      binDir: pgBinDir,
      port,
      dataDir,
      url: (db = "postgres") => `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}`,
      async createDatabase(name) {
        await runPg("createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "postgres", name]);
        return cluster.url(name);
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        live.delete(cluster);
        try {
          await runPg("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-s", "stop"]);
        } finally {
          cleanupDir();
        }
      },
    };
    live.add(cluster);
    installExitHooks();
    await waitReady(port, dataDir);
    return cluster;
  } catch (error) {
    try {
      await runPg("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "-s", "stop"]);
    } catch {
      // never started
    }
    cleanupDir();
    throw error;
  }
}

function postgresUid(): number {
  return Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
}

function postgresGid(): number {
  return Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
}

let shared: Promise<PgCluster> | undefined;

/**
 * The one cluster of this test process, started on first use (starting takes 1-2 s) and stopped
 * when the process exits. Suites must not stop it; they create databases of their own.
 */
export function sharedPgCluster(): Promise<PgCluster> {
  shared ??= startPgCluster();
  return shared;
}

let counter = 0;

/** Creates a fresh database with a readable unique name on the shared cluster; returns its URL. */
export async function freshDatabase(prefix: string): Promise<string> {
  const cluster = await sharedPgCluster();
  counter++;
  return cluster.createDatabase(`${prefix.replace(/[^a-z0-9_]/g, "_")}_${process.pid}_${counter}`);
}

/** The schema of the database at `url`, read by schemac's introspection. */
export async function graphAt(url: string): Promise<Graph> {
  const db = await openDatabase(url);
  try {
    return await introspect(db);
  } finally {
    await db.close();
  }
}
