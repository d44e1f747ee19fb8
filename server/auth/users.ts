/**
 * Users: create, update and authenticate against the store. Used by the API (server/api/routes/users.ts,
 * auth.ts) and by `mulegraph user`.
 */
import { z } from "zod";
import { DomainError } from "../errors.js";
import type { StoredUser, UserRecords } from "../store/ports/records.js";
import { burnVerification, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password.js";
import { ROLES, type Role } from "./roles.js";

export const UsernameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$/,
    "2–64 letters, digits, dot, dash or underscore, starting with a letter or digit",
  );
export const RoleSchema = z.enum(ROLES);
export const PasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024, "at most 1024 characters");

/** A user as the API shows it: never the hash. */
export interface PublicUser {
  username: string;
  role: Role;
  createdAt: number;
  disabled: boolean;
}

export function publicUser(u: StoredUser): PublicUser {
  return { username: u.username, role: u.role, createdAt: u.createdAt, disabled: u.disabled ?? false };
}

/** Thrown when creating a user whose name is taken. */
export class UserExistsError extends DomainError {
  override name = "UserExistsError";
  constructor(message: string) {
    super("conflict", message);
  }
}

/** Thrown when updating a user that does not exist. */
export class UnknownUserError extends DomainError {
  override name = "UnknownUserError";
  constructor(message: string) {
    super("not_found", message);
  }
}

/** Thrown when a change would leave no enabled admin. */
export class LastAdminError extends DomainError {
  override name = "LastAdminError";
  constructor(message: string) {
    super("conflict", message);
  }
}

/** Create a user; with `replace`, overwrite an existing one (password reset from the CLI). */
export async function createUser(
  store: UserRecords,
  input: { username: string; role: Role; password: string },
  opts: { replace?: boolean; now?: number } = {},
): Promise<StoredUser> {
  const username = UsernameSchema.parse(input.username);
  const role = RoleSchema.parse(input.role);
  const password = PasswordSchema.parse(input.password);
  const existing = await store.getUser(username);
  if (existing && !opts.replace) throw new UserExistsError(`auth/users: user "${username}" already exists`);
  const user: StoredUser = {
    username,
    role,
    passwordHash: await hashPassword(password),
    createdAt: existing?.createdAt ?? opts.now ?? Date.now(),
    disabled: false,
  };
  await store.putUser(user);
  return user;
}

/** Change a user's role, password or disabled flag. Refuses to remove the last enabled admin. */
export async function updateUser(
  store: UserRecords,
  username: string,
  change: { role?: Role; password?: string; disabled?: boolean },
): Promise<StoredUser> {
  const user = await store.getUser(username);
  if (!user) throw new UnknownUserError(`auth/users: no user "${username}"`);
  const next: StoredUser = { ...user };
  if (change.role !== undefined) next.role = change.role;
  if (change.disabled !== undefined) next.disabled = change.disabled;
  if (change.password !== undefined)
    next.passwordHash = await hashPassword(PasswordSchema.parse(change.password));
  const wasAdmin = user.role === "admin" && !user.disabled;
  const staysAdmin = next.role === "admin" && !next.disabled;
  if (wasAdmin && !staysAdmin) {
    const admins = (await store.listUsers()).filter((u) => u.role === "admin" && !u.disabled);
    if (admins.length <= 1) throw new LastAdminError(`auth/users: "${username}" is the last enabled admin`);
  }
  await store.putUser(next);
  return next;
}

/** The enabled user whose password matches, or null (unknown users cost the same time as wrong passwords). */
export async function authenticate(
  store: UserRecords,
  username: string,
  password: string,
): Promise<StoredUser | null> {
  const user = await store.getUser(username);
  if (!user) {
    await burnVerification(password);
    return null;
  }
  const ok = await verifyPassword(password, user.passwordHash);
  return ok && !user.disabled ? user : null;
}
