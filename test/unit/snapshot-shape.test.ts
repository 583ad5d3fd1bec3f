/**
 * The snapshot reader (compiler/snapshot-format.ts) names the path of a value of the wrong shape,
 * built only when one is found: the messages below are those the reader gave when it built every
 * path eagerly, before it was made lazy.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readSnapshotObject } from "../../compiler/snapshot-format.js";

const cases: [string, Record<string, unknown>, string][] = [
  ["tables", {"tables": 3}, "tables: expected a list"],
  ["table", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}]}, 5]}, "tables[1] is not an object"],
  ["column name", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}, {"name": 1, "type": "text"}]}]}, "tables[0].columns[1].name: expected a string"],
  ["bad type", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": "integer("}]}]}, "tables[0].columns[0].type: \"integer(\" is not a type"],
  ["enum type", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": {"enum": "e"}}]}]}, "tables[0].columns[0].type.schema: expected a string"],
  ["identity", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": "integer", "identity": {"always": true, "start": "1"}}]}]}, "tables[0].columns[0].identity.start: expected a number"],
  ["fk", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}], "foreignKeys": [{"name": "f", "columns": ["id"], "references": {"schema": "public"}, "referencedColumns": ["id"]}]}]}, "tables[0].foreignKeys[0].references.name: expected a string"],
  ["index key", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}], "indexes": [{"name": "i", "keys": ["id", 2]}]}]}, "tables[0].indexes[0].keys[1]: expected a string"],
  ["primary key", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}], "primaryKey": "id"}]}, "tables[0].primaryKey is not an object"],
  ["unique columns", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "id", "type": "uuid"}], "uniques": [{"name": "u", "columns": ["id", null]}]}]}, "tables[0].uniques[0].columns[1]: expected a string"],
  ["enum values", {"enums": [{"schema": "public", "name": "e", "values": ["a", 1]}]}, "enums[0].values[1]: expected a string"],
  ["schema module", {"schemas": [{"name": "s", "module": 3}]}, "schemas[0].module: expected a string"],
  ["notNull", {"tables": [{"schema": "public", "name": "t", "columns": [{"name": "a", "type": "text", "notNull": "yes"}]}]}, "tables[0].columns[0].notNull: expected true or false"],
];

test("a value of the wrong shape is named by its whole path", () => {
  for (const [label, raw, message] of cases) assert.is(readSnapshotObject(raw), message, label);
});

test("a well-formed snapshot object reads to a graph", () => {
  const graph = readSnapshotObject({ tables: [{ schema: "public", name: "t", columns: [{ name: "id", type: "uuid", notNull: true }], primaryKey: { name: "t_pkey", columns: ["id"] } }] });
  assert.ok(typeof graph !== "string");
  assert.equal(graph.tables[0]?.primaryKey, { name: "t_pkey", columns: ["id"] });
});

test.run();
