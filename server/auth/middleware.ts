/**
 * Express middleware for sessions and access control: read the session cookie, then per route check sign-in (401),
 * the CSRF token on state-changing methods (403) and the role's permission (403).
 */
import { timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { ForbiddenError, UnauthorizedError } from "./errors.js";
import type { Access } from "./access.js";
import { can, rolesWith } from "./roles.js";
import type { Session, SessionStore } from "./sessions.js";

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The signed-in user's session, set by attachSession when the cookie names a live one. */
      session?: Session;
    }
  }
}

export const SESSION_COOKIE = "mulegraph_sid";
export const CSRF_HEADER = "x-csrf-token";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The session id from a Cookie header, if present. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Set-Cookie value for a new session: httpOnly, SameSite=Strict, Secure behind TLS. */
export function sessionCookie(id: string, secure: boolean, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${id}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
}

/** Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** Sets `req.session` when the cookie names a live session. Never rejects: routes decide (requireAccess). */
export function attachSession(sessions: SessionStore): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const id = readSessionCookie(req.headers.cookie);
    const session = id ? sessions.get(id) : null;
    if (session) req.session = session;
    next();
  };
}

function sameToken(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Enforce one access rule from the route table. */
export function requireAccess(access: Access): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (access === "public") return next();
    const session = req.session;
    if (!session) return next(new UnauthorizedError());
    if (!SAFE_METHODS.has(req.method)) {
      const sent = req.get(CSRF_HEADER);
      if (!sent || !sameToken(sent, session.csrfToken)) {
        return next(
          new ForbiddenError(
            `api: ${req.method} needs the session's CSRF token in the ${CSRF_HEADER} header (GET /api/auth/me returns it)`,
            "csrf_failed",
            {
              fields: [
                { path: `header.${CSRF_HEADER}`, message: sent ? "does not match the session" : "missing" },
              ],
            },
          ),
        );
      }
    }
    if (access !== "signed-in" && !can(session.role, access)) {
      return next(
        new ForbiddenError(`api: role "${session.role}" may not ${access}`, "forbidden", {
          permission: access,
          roles: rolesWith(access),
        }),
      );
    }
    next();
  };
}
