import { test } from "uvu";
import * as assert from "uvu/assert";
import { needsQuoting, qualifiedName, quoteIdentifier, quoteLiteral } from "../../compiler/quote.js";

const identifiers: [string, string][] = [
  ["email", "email"],
  ["user", '"user"'],
  ["order", '"order"'],
  ["table", '"table"'],
  ["check", '"check"'],
  ["default", '"default"'],
  ["left", '"left"'],
  ["integer", '"integer"'],
  ["name", "name"],
  ["key", "key"],
  ["value", "value"],
  ["createdAt", '"createdAt"'],
  ["1st", '"1st"'],
  ["price$", '"price$"'],
  ['say "hi"', '"say ""hi"""'],
  ["_private", "_private"],
];

for (const [ident, want] of identifiers) {
  test(`quotes ${JSON.stringify(ident)} as ${want}`, () => {
    assert.is(quoteIdentifier(ident), want);
    assert.is(needsQuoting(ident), want !== ident);
  });
}

test("literals double their single quotes and keep backslashes", () => {
  assert.is(quoteLiteral("it's"), "'it''s'");
  assert.is(quoteLiteral("a\\b"), "'a\\b'");
});

test("qualified names omit schema public and quote each part", () => {
  assert.is(qualifiedName({ schema: "public", name: "user" }), '"user"');
  assert.is(qualifiedName({ schema: "billing", name: "order" }), 'billing."order"');
  assert.is(qualifiedName({ schema: "Billing", name: "invoice" }), '"Billing".invoice');
});

test.run();
