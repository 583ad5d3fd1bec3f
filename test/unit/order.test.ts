import { test } from "uvu";
import * as assert from "uvu/assert";
import { diffGraphs } from "../../compiler/diff/index.js";
import type { Operation } from "../../compiler/operations.js";
import { orderOperations } from "../../compiler/plan/order.js";
import { builtin, column, enumOf, enumType, graph, table } from "../helpers/graph-builders.js";

const kinds = (ops: readonly Operation[]): string[] => ops.map((op) => op.kind);
const id = column("id", builtin("integer"), { notNull: true });
const fk = (name: string, target: string) => ({
  name,
  columns: ["id"],
  references: { schema: "public", name: target },
  referencedColumns: ["id"],
  onDelete: "no action" as const,
  onUpdate: "no action" as const,
});

test("creates schemas and enums first and adds foreign keys after every table exists", () => {
  const after = graph({
    schemas: ["crm"],
    enums: [enumType("mood", ["a"])],
    tables: [table("x", [id, column("m", enumOf("mood"))], { foreignKeys: [fk("x_id_fkey", "y")] }), table("y", [id], { foreignKeys: [fk("y_id_fkey", "x")] })],
  });
  assert.equal(kinds(orderOperations(diffGraphs(graph({}), after))), [
    "createSchema",
    "createEnum",
    "createTable",
    "createTable",
    "addForeignKey",
    "addForeignKey",
  ]);
});

test("drops the FK before the table it references and the enum after the table using it", () => {
  const before = graph({
    enums: [enumType("mood", ["a"])],
    tables: [table("x", [id, column("m", enumOf("mood"))], { foreignKeys: [fk("x_id_fkey", "y")] }), table("y", [id])],
  });
  assert.equal(kinds(orderOperations(diffGraphs(before, graph({})))), ["dropForeignKey", "dropTable", "dropTable", "dropEnum"]);
});

test("drops a default before a type change and sets the new one after it", () => {
  const before = graph({ tables: [table("u", [column("n", builtin("text"), { default: "'1'" })])] });
  const after = graph({ tables: [table("u", [column("n", builtin("integer"), { default: "1", using: "n::integer", notNull: true })])] });
  const ops = orderOperations(diffGraphs(before, after));
  assert.equal(
    ops.map((op) => (op.kind === "setDefault" ? `setDefault ${String(op.to)}` : op.kind)),
    ["setDefault null", "alterColumnType", "setDefault 1", "setNotNull"],
  );
});

test("ties are broken by qualified name, not by input order", () => {
  const after = graph({ tables: [table("b", [id]), table("a", [id])] });
  const ops = diffGraphs(graph({}), after).reverse();
  assert.equal(
    orderOperations(ops).map((op) => (op.kind === "createTable" ? op.table.name : op.kind)),
    ["a", "b"],
  );
});

test("enum values keep the diff's order so each BEFORE names an existing value", () => {
  const ops = diffGraphs(graph({ enums: [enumType("e", ["z"])] }), graph({ enums: [enumType("e", ["b", "a", "z"])] }));
  assert.equal(orderOperations(ops).map((op) => (op.kind === "addEnumValue" ? op.value : op.kind)), ["b", "a"]);
});

test("serial to integer drops the sequence after the default that uses it", () => {
  const before = graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true, default: "nextval('u_id_seq'::regclass)", sequence: "u_id_seq" })])] });
  const after = graph({ tables: [table("u", [column("id", builtin("integer"), { notNull: true })])] });
  assert.equal(kinds(orderOperations(diffGraphs(before, after).reverse())), ["setDefault", "dropSequence"]);
});

test.run();
