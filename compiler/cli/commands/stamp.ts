/**
 * `schemac stamp V [--db URL]`: records exactly the migrations up to V as applied (`0`: none)
 * without running any SQL, for a database whose schema was made another way.
 */
import { stampVersion } from "../../db/runner.js";
import { UsageError } from "../args.js";
import type { Command } from "../command.js";
import { databaseTarget, dbFlag, loadChain, runContext, withDatabase } from "./database.js";

export const stamp: Command = {
  name: "stamp",
  summary: "record migrations up to V as applied without running them (0: none)",
  usage: "stamp V [--db URL]",
  flags: [dbFlag],
  async run(context) {
    const [version, extra] = context.args.positionals;
    if (version === undefined) throw new UsageError("stamp needs a version, e.g. schemac stamp 0003");
    if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
    const state = loadChain(context);
    if (state === null) return 1;
    const url = databaseTarget(context, "stamp");
    const result = await withDatabase(url, (db) => stampVersion(db, state.migrations, version, runContext(context)));
    if (context.json) {
      context.print(JSON.stringify(result));
      return 0;
    }
    for (const name of result.recorded) context.print(`recorded ${name} as applied`);
    for (const name of result.removed) context.print(`removed ${name} from the record`);
    const last = state.migrations.filter((m) => Number(m.version) <= Number(version.split("_")[0])).at(-1);
    context.print(`stamped: the database records ${last === undefined ? "no migration" : `every migration up to ${last.name}`} as applied`);
    return 0;
  },
};
