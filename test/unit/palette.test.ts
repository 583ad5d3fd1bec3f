/**
 * The plan's colours: ANSI styles from Node's util.styleText when colour is on (a TTY without
 * NO_COLOR, decided by the CLI's io), the plain text otherwise.
 */
import { test } from "uvu";
import * as assert from "uvu/assert";
import { palette } from "../../compiler/cli/plan-text.js";

test("colour on: adds are green, drops red, changes yellow, hazards magenta", () => {
  const colors = palette(true);
  assert.is(colors.add("+ table a"), "\u001b[32m+ table a\u001b[39m");
  assert.is(colors.drop("- table a"), "\u001b[31m- table a\u001b[39m");
  assert.is(colors.change("~ column a.b"), "\u001b[33m~ column a.b\u001b[39m");
  assert.is(colors.hazard("[data-loss]"), "\u001b[35m[data-loss]\u001b[39m");
});

test("colour off: the text as it is", () => {
  const colors = palette(false);
  assert.is(colors.add("+ table a") + colors.hazard("[blocking]") + colors.dim("x"), "+ table a[blocking]x");
});

test.run();
