/**
 * One log line per request: method, route pattern (not the URL: ids and search text are personal data), status,
 * duration and the user's role. Query strings and bodies are never logged.
 */
import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { routeOf } from "./error-handler.js";

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const line = {
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        role: req.session?.role,
      };
      if (res.statusCode === 500) logger.error(line, "request");
      else if (res.statusCode > 500) logger.warn(line, "request");
      else logger.info(line, "request");
    });
    next();
  };
}
