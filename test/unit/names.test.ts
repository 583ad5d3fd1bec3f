import { test } from "uvu";
import * as assert from "uvu/assert";
import { byteLength, defaultConstraintName, makeObjectName, truncateIdentifier } from "../../compiler/names.js";

const cases: { name: string; table: string; columns: string[]; suffix: string; want: string }[] = [
  { name: "primary keys ignore their columns", table: "users", columns: ["id"], suffix: "pkey", want: "users_pkey" },
  { name: "unique constraints join every column", table: "t", columns: ["a", "b"], suffix: "key", want: "t_a_b_key" },
  { name: "foreign keys join every column", table: "item", columns: ["owner_id", "org_id"], suffix: "fkey", want: "item_owner_id_org_id_fkey" },
  { name: "a column check names its column", table: "t", columns: ["total"], suffix: "check", want: "t_total_check" },
  { name: "a table check without column is t_check", table: "t", columns: [], suffix: "check", want: "t_check" },
  { name: "indexes use idx", table: "order", columns: ["owner_id"], suffix: "idx", want: "order_owner_id_idx" },
  { name: "serial sequences use seq", table: "item", columns: ["id"], suffix: "seq", want: "item_id_seq" },
  { name: "a clash counter goes in the label", table: "t", columns: ["a"], suffix: "key1", want: "t_a_key1" },
  {
    name: "the longer of table and columns is truncated first",
    table: "a".repeat(40),
    columns: ["b".repeat(40)],
    suffix: "key",
    want: `${"a".repeat(29)}_${"b".repeat(29)}_key`,
  },
  {
    name: "on a tie the column part is truncated",
    table: "a".repeat(30),
    columns: ["b".repeat(30)],
    suffix: "fkey",
    want: `${"a".repeat(29)}_${"b".repeat(28)}_fkey`,
  },
  {
    name: "a long table alone is cut to fit the pkey label",
    table: "t".repeat(63),
    columns: [],
    suffix: "pkey",
    want: `${"t".repeat(58)}_pkey`,
  },
];

for (const c of cases) {
  test(c.name, () => {
    const got = defaultConstraintName(c.table, c.columns, c.suffix);
    assert.is(got, c.want);
    assert.ok(byteLength(got) <= 63);
  });
}

test("truncation never splits a multibyte character", () => {
  const name = `${"a".repeat(62)}é`; // 64 bytes: é is two bytes
  assert.is(truncateIdentifier(name), "a".repeat(62));
  assert.is(truncateIdentifier("é".repeat(40)), "é".repeat(31));
});

test("makeObjectName clips multibyte parts at character boundaries", () => {
  const got = makeObjectName("é".repeat(40), "x", "key");
  assert.is(got, `${"é".repeat(28)}_x_key`);
  assert.ok(byteLength(got) <= 63);
});

test("column names joined past 63 bytes stop at the column that crosses the limit", () => {
  const columns = ["c".repeat(40), "d".repeat(40), "e".repeat(40)];
  const got = defaultConstraintName("t", columns, "key");
  assert.is(got, `t_${"c".repeat(40)}_${"d".repeat(16)}_key`);
});

test("names that fit are kept whole", () => {
  assert.is(truncateIdentifier("user_email"), "user_email");
});

test.run();
