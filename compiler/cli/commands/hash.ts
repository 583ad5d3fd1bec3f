/**
 * `schemac hash`: rewrite schemac.sum after a deliberate hand edit of a migration that is not
 * applied anywhere yet (for example the body of a `build --empty` data migration).
 */
import { relative } from "node:path";
import { formatSum } from "../../migrations/sum.js";
import { loadMigrationState } from "../../migrations/state.js";
import { writeFilesAtomically } from "../../migrations/write.js";
import type { Command } from "../command.js";

export const hash: Command = {
  name: "hash",
  summary: "re-sum the migrations after a deliberate edit (schemac.sum)",
  usage: "hash",
  flags: [],
  async run(context) {
    const config = context.config();
    const state = loadMigrationState(config);
    const structural = state.diagnostics.filter((d) => !state.sumDiagnostics.includes(d));
    if (context.report(structural)) return 1;
    writeFilesAtomically([{ path: state.paths.sum, content: formatSum(state.actualSum) }]);
    context.print(`wrote ${relative(context.io.cwd, state.paths.sum)} (${state.migrations.length} migration(s))`);
    return 0;
  },
};
