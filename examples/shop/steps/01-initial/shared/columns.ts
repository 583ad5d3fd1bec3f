/**
 * Column groups shared by every module. This file imports nothing from the modules, so it is a
 * leaf of the import graph: the groups are spread while a module loads, and a group that came
 * through an import cycle could still be uninitialized at that moment.
 */
import { sql, timestamptz, uuid } from "schemac";

/** When a row was created and last updated. */
export const timestamps = {
  created_at: timestamptz().notNull().default(sql`now()`),
  updated_at: timestamptz(),
};

/** Who created and last updated a row (user ids, kept without a foreign key so that audit rows outlive users). */
export function auditColumns() {
  return {
    created_by: uuid(),
    updated_by: uuid(),
  };
}
