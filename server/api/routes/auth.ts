/**
 * Sign-in, sign-out and "who am I" (which also hands out the CSRF token). Every login, good or bad, is audited.
 */
import { z } from "zod";
import { loginRateLimiter } from "../../auth/rate-limit.js";
import { clearedSessionCookie, sessionCookie } from "../../auth/middleware.js";
import { ROLE_PERMISSIONS } from "../../auth/roles.js";
import { authenticate, publicUser } from "../../auth/users.js";
import { audit } from "../../audit/index.js";
import { UnauthorizedError } from "../errors.js";
import { type Answer, defineRoute, type RouteDef } from "../registry.js";
import { MeSchema, OkSchema } from "../schemas.js";
import type { ApiDeps } from "../types.js";

const SESSION_MAX_AGE_S = 24 * 3600;

/** Options of the auth routes that tests and deployments may change. */
export interface AuthRouteOptions {
  loginRateLimit?: { windowMs: number; limit: number };
}

export function authRoutes(opts: AuthRouteOptions = {}): RouteDef[] {
  return [
    defineRoute({
      method: "POST",
      path: "/api/auth/login",
      tag: "auth",
      summary: "Sign in; sets the session cookie",
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }),
      responses: {
        200: { description: "signed in", schema: MeSchema },
        401: { description: "wrong username or password" },
        429: { description: "too many failed sign-ins from this address" },
      },
      before: (deps: ApiDeps) => [
        loginRateLimiter(opts.loginRateLimit, async (req) => {
          // Refused before the password is checked: who was tried, from where.
          const username = (req.body as { username?: unknown } | undefined)?.username;
          await audit(deps.store, {
            actor: typeof username === "string" && username !== "" ? username.slice(0, 64) : "(none)",
            action: "auth.login_rate_limited",
            target: null,
            params: { ip: req.ip },
          });
        }),
      ],
      async handler({ body }, { req, res, deps }) {
        const user = await authenticate(deps.store, body.username, body.password);
        if (!user) {
          await audit(deps.store, {
            actor: body.username,
            action: "auth.login_failed",
            target: null,
            params: { ip: req.ip },
          });
          throw new UnauthorizedError("api/auth: wrong username or password", "login_failed");
        }
        const previous = req.session;
        if (previous) deps.sessions.destroy(previous.id);
        const session = deps.sessions.create(user);
        await audit(deps.store, {
          actor: user.username,
          action: "auth.login",
          target: null,
          params: { ip: req.ip },
        });
        res.setHeader("Set-Cookie", sessionCookie(session.id, req.secure, SESSION_MAX_AGE_S));
        return {
          user: { username: user.username, role: publicUser(user).role },
          csrfToken: session.csrfToken,
          permissions: [...ROLE_PERMISSIONS[user.role]],
        };
      },
    }),
    defineRoute({
      method: "POST",
      path: "/api/auth/logout",
      tag: "auth",
      summary: "Sign out; ends the session",
      responses: { 200: { description: "signed out", schema: OkSchema } },
      async handler(_input, ctx): Promise<Answer<typeof OkSchema>> {
        const session = ctx.user();
        ctx.deps.sessions.destroy(session.id);
        await ctx.audit("auth.logout");
        ctx.res.setHeader("Set-Cookie", clearedSessionCookie(ctx.req.secure));
        return { ok: true };
      },
    }),
    defineRoute({
      method: "GET",
      path: "/api/auth/me",
      tag: "auth",
      summary: "The signed-in user, their permissions and the session's CSRF token",
      responses: { 200: { description: "the session", schema: MeSchema } },
      async handler(_input, ctx): Promise<Answer<typeof MeSchema>> {
        const s = ctx.user();
        return {
          user: { username: s.username, role: s.role },
          csrfToken: s.csrfToken,
          permissions: [...ROLE_PERMISSIONS[s.role]],
        };
      },
    }),
  ];
}
