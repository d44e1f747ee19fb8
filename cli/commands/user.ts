/**
 * `mulegraph user add NAME --role ROLE [--password-stdin] [--replace]` and `mulegraph user list`: manage users in the
 * configured store (the first admin is created this way). The password comes from stdin (--password-stdin), the
 * MULEGRAPH_PASSWORD variable (scripts), or a hidden prompt in a terminal; never from the command line.
 */
import { createInterface } from "node:readline";
import { Writable } from "node:stream";
import { audit } from "../../server/audit/index.js";
import { createUser, publicUser, ROLES, UserExistsError, type Role } from "../../server/auth/index.js";
import type { CliContext } from "../context.js";
import { UsageError, UserFacingError } from "../context.js";
import { z } from "zod";

export const help = `usage: mulegraph user add NAME --role ROLE [--password-stdin] [--replace]
       mulegraph user list

add      create a user with role ${ROLES.join(" | ")}. The password (at least 10 characters) is read from stdin
         with --password-stdin, else from MULEGRAPH_PASSWORD, else asked for twice in the terminal.
         --replace overwrites an existing user (resets the password and role).
list     the users with role, creation time and whether they are disabled (--json for JSON).`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "";
}

/** Ask for a password without echoing it. */
function prompt(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk as Buffer);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write("\n");
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(fromStdin: boolean, fromEnv: string | undefined): Promise<string> {
  if (fromStdin) return readStdin();
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError(
      "user add: no password: use --password-stdin, set MULEGRAPH_PASSWORD, or run in a terminal",
    );
  }
  const first = await prompt("password: ");
  const second = await prompt("again: ");
  if (first !== second) throw new UserFacingError("user add: the two passwords differ");
  return first;
}

async function add(args: string[], ctx: CliContext): Promise<number> {
  let name: string | undefined;
  let role: string | undefined;
  let fromStdin = false;
  let replace = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--role") role = args[++i];
    else if (a.startsWith("--role=")) role = a.slice("--role=".length);
    else if (a === "--password-stdin") fromStdin = true;
    else if (a === "--replace") replace = true;
    else if (a.startsWith("-")) throw new UsageError(`user add: unknown option "${a}"`);
    else if (name === undefined) name = a;
    else throw new UsageError(`user add: unexpected argument "${a}"`);
  }
  if (!name) throw new UsageError("user add: give a user name");
  if (!role || !(ROLES as readonly string[]).includes(role)) {
    throw new UsageError(
      `user add: --role must be one of ${ROLES.join(", ")}${role ? `, got "${role}"` : ""}`,
    );
  }
  const password = await readPassword(fromStdin, ctx.env.MULEGRAPH_PASSWORD);
  const store = await ctx.store();
  try {
    const user = await createUser(store, { username: name, role: role as Role, password }, { replace });
    await audit(store, {
      actor: "cli",
      action: replace ? "user.replace" : "user.create",
      target: user.username,
      params: { role },
    });
    if (ctx.json) ctx.emit(publicUser(user));
    ctx.say(`user ${user.username} (${user.role}) saved`);
    return 0;
  } catch (err) {
    if (err instanceof UserExistsError)
      throw new UserFacingError(`user add: "${name}" already exists (--replace overwrites it)`);
    if (err instanceof z.ZodError) {
      throw new UserFacingError(`user add: ${err.issues.map((i) => i.message).join("; ")}`);
    }
    throw err;
  }
}

async function list(ctx: CliContext): Promise<number> {
  const users = (await (await ctx.store()).listUsers()).map(publicUser);
  if (ctx.json) ctx.emit(users);
  for (const u of users) {
    ctx.say(
      `${u.username.padEnd(24)} ${u.role.padEnd(13)} ${new Date(u.createdAt).toISOString()}${u.disabled ? "  disabled" : ""}`,
    );
  }
  if (users.length === 0) ctx.say("no users yet: mulegraph user add NAME --role admin");
  return 0;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === "add") return add(rest, ctx);
  if (sub === "list") {
    if (rest.length) throw new UsageError(`user list: unexpected argument "${rest[0]}"`);
    return list(ctx);
  }
  throw new UsageError(`user: expected "add" or "list"${sub ? `, got "${sub}"` : ""}\n\n${help}`);
}
