/**
 * Login rate limit: failed sign-ins per client address within a window (express-rate-limit). Successful logins do not
 * count, so a user who types the password right is never locked out by their own earlier attempts. The client address
 * is req.ip: the peer, or behind a proxy named by MULEGRAPH_TRUST_PROXY the address it forwards (server/app.ts), so
 * that users behind one proxy are not all counted as one. Each refused attempt is reported to `onLimited` (the login
 * route audits it) before the 429 goes out.
 */
import type { Request, RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { TooManyRequestsError } from "./errors.js";

export interface LoginRateLimit {
  /** Window length; default 15 minutes. */
  windowMs: number;
  /** Failed attempts allowed per window and address; default 10. */
  limit: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { windowMs: 15 * 60_000, limit: 10 };

/** Middleware for POST /api/auth/login. Over the limit it passes a TooManyRequestsError to the error handler. */
export function loginRateLimiter(
  opts: LoginRateLimit = DEFAULT_LOGIN_RATE_LIMIT,
  onLimited?: (req: Request) => Promise<void>,
): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (req, _res, next, options) => {
      const minutes = Math.ceil(options.windowMs / 60_000);
      const refuse = () =>
        next(
          new TooManyRequestsError(
            `api/auth: too many failed sign-ins from this address; wait ${minutes} min`,
          ),
        );
      // A report that fails turns the answer into that error (a 500): still no sign-in, and never an unaudited refusal.
      if (!onLimited) return refuse();
      onLimited(req).then(refuse, next);
    },
  });
}
