/**
 * Application code of the users module. It declares no table, so schemac reads it and skips it
 * (`schemac diff --verbose` says why); nothing has to be registered or excluded by hand.
 */
import type { InferInsert } from "schemac";
import type { users } from "./schema.js";

/** The fields needed to register a user. */
export type NewUser = InferInsert<typeof users>;

/** Trims and lower-cases an e-mail address, so that uniqueness does not depend on its spelling. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Builds the row that registers a user from a sign-up form. */
export function newUser(email: string, isAdmin = false): NewUser {
  return { email: normalizeEmail(email), is_admin: isAdmin };
}
