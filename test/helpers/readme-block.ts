/**
 * Generated blocks of the README: text kept between `<!-- NAME:start -->` and `<!-- NAME:end -->`
 * (the codes and hazard tables, the example's pictures, the benchmark table), which a test holds
 * equal to what it is made from and `npm run accept` (or `npm run bench:readme`) rewrites.
 */

/** The block as the README holds it: the markers around `body`, each on a line of its own. */
export function markedBlock(name: string, body: string): string {
  return `<!-- ${name}:start -->\n${body}\n<!-- ${name}:end -->`;
}

/** README text with the block `name` replaced by `body`; throws when its markers are missing. */
export function withReadmeBlock(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from < 0 || to < 0) throw new Error(`README.md has no ${start} … ${end} block`);
  return `${readme.slice(0, from)}${markedBlock(name, body)}${readme.slice(to + end.length)}`;
}
