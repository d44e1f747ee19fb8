/**
 * Login rate limit: failed sign-ins per client address within a window (express-rate-limit). Successful logins do not
 * count, so a user who types the password right is never locked out by their own earlier attempts.
 */
import type { RequestHandler } from "express";
import { rateLimit } from "express-rate-limit";
import { TooManyRequestsError } from "../api/errors.js";

export interface LoginRateLimit {
  /** Window length; default 15 minutes. */
  windowMs: number;
  /** Failed attempts allowed per window and address; default 10. */
  limit: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { windowMs: 15 * 60_000, limit: 10 };

/** Middleware for POST /api/auth/login. Over the limit it passes a TooManyRequestsError to the error handler. */
export function loginRateLimiter(opts: LoginRateLimit = DEFAULT_LOGIN_RATE_LIMIT): RequestHandler {
  return rateLimit({
    windowMs: opts.windowMs,
    limit: opts.limit,
    skipSuccessfulRequests: true,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    handler: (_req, _res, next, options) => {
      const minutes = Math.ceil(options.windowMs / 60_000);
      next(
        new TooManyRequestsError(`api/auth: too many failed sign-ins from this address; wait ${minutes} min`),
      );
    },
  });
}
