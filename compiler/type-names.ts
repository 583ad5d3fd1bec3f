/**
 * The canonical SQL spelling of a column type (`varchar(255)`, `numeric(10, 2)`,
 * `timestamptz(3)`, `billing.invoice_status[]`): what migrations write and plans print.
 */
import type { ColumnType } from "./graph.js";
import { quoteIdentifier } from "./quote.js";

/** Renders a column type as SQL, quoting an enum's name only where PostgreSQL needs it. */
export function formatColumnType(type: ColumnType): string {
  const base =
    type.kind === "enum"
      ? type.enum.schema === "public"
        ? quoteIdentifier(type.enum.name)
        : `${quoteIdentifier(type.enum.schema)}.${quoteIdentifier(type.enum.name)}`
      : type.params.length > 0
        ? `${type.name}(${type.params.join(", ")})`
        : type.name;
  return base + "[]".repeat(type.dimensions);
}
