/**
 * `schemac graph [--module NAME] [--format mermaid|dot|svg] [--modules-only] [--diff]`: draws the
 * model: tables with their key columns and foreign keys, one cluster per module, cross-module
 * keys drawn apart; `--modules-only` draws the module dependency graph with cycles marked;
 * `--diff` draws what the pending migration changes. Writes the drawing to stdout.
 */
import { compileProject } from "../../compile.js";
import { SchemacError, diagnostic } from "../../diagnostics.js";
import { loadMigrationState } from "../../migrations/state.js";
import { modulesOf } from "../../modules/ownership.js";
import { moduleLinksToDot, pictureToDot } from "../../picture/dot.js";
import { moduleLinksToMermaid, pictureToMermaid } from "../../picture/mermaid.js";
import { buildModuleLinks } from "../../picture/module-links.js";
import { buildPicture, type PictureOptions } from "../../picture/model.js";
import { planMigration } from "../../plan/index.js";
import { booleanFlag, stringFlag, UsageError } from "../args.js";
import type { Command } from "../command.js";

const formats = ["mermaid", "dot", "svg"] as const;
type Format = (typeof formats)[number];

export const graph: Command = {
  name: "graph",
  summary: "draw the schema: tables, keys and foreign keys by module (Mermaid, DOT or SVG)",
  usage: "graph [--module NAME] [--format mermaid|dot|svg] [--modules-only] [--diff]",
  flags: [{ name: "module", value: true }, { name: "format", value: true }, { name: "modules-only" }, { name: "diff" }],
  async run(context) {
    const format = stringFlag(context.args, "format") ?? "mermaid";
    if (!formats.includes(format as Format)) throw new UsageError(`--format must be one of ${formats.join(", ")} (got ${format})`);
    const modulesOnly = booleanFlag(context.args, "modules-only");
    const diff = booleanFlag(context.args, "diff");
    if (modulesOnly && diff) throw new UsageError("--diff draws tables; it does not combine with --modules-only");
    if (context.json) throw new UsageError("graph draws Mermaid, DOT or SVG; --json is not one of them");
    const config = context.config();
    const compilation = await compileProject(config);
    context.addSources(compilation.sources);
    const state = diff ? loadMigrationState(config) : null;
    if (context.report([...(state?.diagnostics ?? []), ...compilation.diagnostics])) return 1;
    const model = compilation.graph;
    const module = stringFlag(context.args, "module");
    if (module !== undefined && !modulesOf(model).includes(module)) {
      throw new SchemacError([diagnostic("UnknownModule", null, module, modulesOf(model).join(", ") || "none")]);
    }
    let dot: string;
    let mermaid: string;
    if (modulesOnly) {
      const links = buildModuleLinks(model, module);
      [dot, mermaid] = [moduleLinksToDot(links), moduleLinksToMermaid(links)];
    } else {
      const options: PictureOptions = {
        ...(module === undefined ? {} : { module }),
        ...(state === null ? {} : { diff: { before: state.snapshot, plan: planMigration(state.snapshot, model).operations } }),
      };
      const picture = buildPicture(model, options);
      [dot, mermaid] = [pictureToDot(picture), pictureToMermaid(picture)];
    }
    if (format === "mermaid") context.io.stdout.write(mermaid);
    else if (format === "dot") context.io.stdout.write(dot);
    else {
      const { dotToSvg } = await import("../../picture/svg.js");
      context.io.stdout.write(await dotToSvg(dot));
    }
    return 0;
  },
};
