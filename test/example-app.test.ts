/**
 * Runs the shop example's own application test (examples/shop/test/app.test.ts), which uses
 * "schemac/testing", as part of `npm test` (the runner only collects test/**).
 */
import "../examples/shop/test/app.test.js";
