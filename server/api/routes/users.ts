/**
 * User administration (admin only): list, create, change role / password / disabled. A change ends the user's
 * sessions, so a demoted or disabled user loses access at once.
 */
import { z } from "zod";
import {
  createUser,
  PasswordSchema,
  publicUser,
  RoleSchema,
  UnknownUserError,
  updateUser,
  UsernameSchema,
} from "../../auth/users.js";
import { aboutField } from "../error-status.js";
import { defineRoute, type RouteDef } from "../registry.js";
import { PublicUserSchema } from "../schemas.js";

export const usersRoutes: RouteDef[] = [
  defineRoute({
    method: "GET",
    path: "/api/users",
    tag: "users",
    summary: "All users",
    responses: { 200: { description: "users", schema: z.object({ users: z.array(PublicUserSchema) }) } },
    async handler(_input, ctx) {
      const users = await ctx.deps.store.listUsers();
      return { users: users.map(publicUser) };
    },
  }),
  defineRoute({
    method: "POST",
    path: "/api/users",
    tag: "users",
    summary: "Create a user",
    body: z.object({ username: UsernameSchema, role: RoleSchema, password: PasswordSchema }),
    status: 201,
    responses: {
      201: { description: "created", schema: PublicUserSchema },
      409: { description: "name taken" },
    },
    async handler({ body }, ctx) {
      try {
        const user = await createUser(ctx.deps.store, body);
        await ctx.audit("user.create", user.username, { role: user.role });
        return publicUser(user);
      } catch (err) {
        throw aboutField(err, "body.username", ["conflict"]);
      }
    },
  }),
  defineRoute({
    method: "PATCH",
    path: "/api/users/:username",
    tag: "users",
    summary: "Change a user's role, password or disabled flag",
    params: z.object({ username: UsernameSchema }),
    body: z
      .object({
        role: RoleSchema.optional(),
        password: PasswordSchema.optional(),
        disabled: z.boolean().optional(),
      })
      .refine((b) => b.role !== undefined || b.password !== undefined || b.disabled !== undefined, {
        message: "give at least one of role, password, disabled",
        path: ["role"],
      }),
    responses: {
      200: { description: "updated", schema: PublicUserSchema },
      409: { description: "last admin" },
    },
    async handler({ params, body }, ctx) {
      try {
        const user = await updateUser(ctx.deps.store, params.username, body);
        ctx.deps.sessions.destroyUser(user.username);
        await ctx.audit("user.update", user.username, {
          role: body.role,
          disabled: body.disabled,
          passwordChanged: body.password !== undefined,
        });
        return publicUser(user);
      } catch (err) {
        if (err instanceof UnknownUserError) throw aboutField(err, "params.username");
        // The role change or the disabling would leave no enabled admin.
        throw aboutField(err, body.role !== undefined ? "body.role" : "body.disabled", ["conflict"]);
      }
    },
  }),
];
