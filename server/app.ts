/**
 * Builds the Express app: security headers, request log, sessions, the API routes (declared in server/api/routes,
 * access from server/auth/access.ts), the OpenAPI document, the web client's static build with an SPA fallback, and
 * the central error handler. Listening is server/index.ts's job, so tests can run the app on any port.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import helmet from "helmet";
import type { Logger } from "pino";
import { SessionStore, type SessionOptions } from "./auth/sessions.js";
import { attachSession } from "./auth/middleware.js";
import type { LoginRateLimit } from "./auth/rate-limit.js";
import { plausibleTime, trustProxySetting, type Env } from "./config.js";
import { apiNotFound, errorHandler } from "./api/error-handler.js";
import { InFlight } from "./api/in-flight.js";
import { openApiDocument } from "./api/openapi.js";
import { buildApiRouter, defineRoute, type RouteDef } from "./api/registry.js";
import { requestLog } from "./api/request-log.js";
import { alertsRoutes } from "./api/routes/alerts.js";
import { analysisRoutes } from "./api/routes/analysis.js";
import { auditRoutes } from "./api/routes/audit.js";
import { authRoutes } from "./api/routes/auth.js";
import { casesRoutes } from "./api/routes/cases.js";
import { clustersRoutes } from "./api/routes/clusters.js";
import { exportsRouter } from "./api/routes/exports.js";
import { graphRoutes } from "./api/routes/graph.js";
import { healthRoutes } from "./api/routes/health.js";
import { incompleteLoadsHeader, loadsRoutes } from "./api/routes/loads.js";
import { mappingsRoutes } from "./api/routes/mappings.js";
import { notesRoutes } from "./api/routes/notes.js";
import { recoveryRoutes } from "./api/routes/recovery.js";
import { traceRoutes } from "./api/routes/trace.js";
import { uploadsRoutes } from "./api/routes/uploads.js";
import { usersRoutes } from "./api/routes/users.js";
import type { ApiDeps } from "./api/types.js";
import { ingestPort } from "./jobs/ingest-port.js";
import { UploadJobs, type IngestPort } from "./jobs/index.js";
import type { GraphStore } from "./store/types.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const API_VERSION = "0.1.0";

/** Settings tests and deployments may change; all optional. */
export interface AppOptions {
  loginRateLimit?: LoginRateLimit;
  sessions?: SessionOptions;
  /** Folder of the client's static build; default client/dist. null: serve no client. */
  clientDir?: string | null;
  /** The ingest pipeline upload jobs run; default the real one (ingest/). */
  ingest?: IngestPort;
  /** How long shutdown waits for a running upload job; default 30 s. */
  jobGraceMs?: number;
}

export interface AppDeps {
  store: GraphStore;
  env: Env;
  logger: Logger;
  uploadDir: string;
  options?: AppOptions;
}

/** Content-Security-Policy for the client: own origin only; the graph layout worker runs from a blob: URL. */
const CSP_DIRECTIVES = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "blob:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'", "blob:"],
  "object-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  // Served over plain HTTP on loopback by default: upgrading would break every request.
  "upgrade-insecure-requests": null,
};

/** Every API route of the product except the evidence exports, in the order the OpenAPI document lists them. */
export function apiRoutes(options: AppOptions = {}): RouteDef[] {
  return [
    ...healthRoutes,
    ...authRoutes({ loginRateLimit: options.loginRateLimit }),
    ...uploadsRoutes,
    ...mappingsRoutes,
    ...graphRoutes,
    ...clustersRoutes,
    ...analysisRoutes(),
    ...traceRoutes,
    ...recoveryRoutes,
    ...alertsRoutes,
    ...casesRoutes,
    ...notesRoutes,
    ...usersRoutes,
    ...auditRoutes,
    ...loadsRoutes,
  ];
}

/** Build the app. `shutdown()` ends sessions, fails queued jobs and waits for a running one (not the store). */
export function createApp(deps: AppDeps): {
  app: express.Express;
  shutdown(): Promise<void>;
  /** Resolves true once no route handler runs (a client that hung up leaves its handler running), false after `ms`. */
  handlersDone(ms: number): Promise<boolean>;
} {
  const options = deps.options ?? {};
  const sessions = new SessionStore(options.sessions);
  const jobs = new UploadJobs({
    store: deps.store,
    uploadDir: deps.uploadDir,
    logger: deps.logger,
    ingest: options.ingest ?? ingestPort,
    plausibleTime: plausibleTime(deps.env),
  });
  const inFlight = new InFlight();
  const apiDeps: ApiDeps = { ...deps, sessions, jobs, inFlight };
  jobs
    .recoverInterrupted()
    .catch((err: Error) => deps.logger.warn({ error: err.name }, "jobs: could not check leftover jobs"));

  const app = express();
  app.disable("x-powered-by");
  // No ETag on API answers: hashing every body (1.6 MB for a 500-node neighbourhood) costs more than it saves; the
  // client's static files keep theirs (express.static sets its own).
  app.set("etag", false);
  app.use(helmet({ contentSecurityPolicy: { useDefaults: true, directives: CSP_DIRECTIVES } }));
  // Behind a TLS-terminating proxy: believe its X-Forwarded-For / -Proto (req.ip for the login limit, req.secure
  // for the Secure session cookie) only when MULEGRAPH_TRUST_PROXY names it.
  app.set("trust proxy", trustProxySetting(deps.env.MULEGRAPH_TRUST_PROXY));
  app.use(requestLog(deps.logger));
  // API answers carry personal data: no browser or proxy cache may keep them.
  app.use("/api", (_req, res, next) => {
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  app.use("/api", express.json({ limit: "1mb" }));
  app.use(attachSession(sessions));
  // Every answer built on the store says when part of it may come from a load that did not complete.
  app.use("/api", incompleteLoadsHeader(deps.store));

  const main = buildApiRouter(apiRoutes(options), apiDeps);
  const exportsApi = exportsRouter(apiDeps);
  let document: Record<string, unknown> | null = null;
  const openapi = buildApiRouter(
    [
      defineRoute({
        method: "GET",
        path: "/api/openapi.json",
        tag: "meta",
        summary: "This document (OpenAPI 3.1), generated from the route schemas",
        responses: { 200: { description: "the OpenAPI document" } },
        async handler() {
          document ??= openApiDocument([...main.routes, ...exportsApi.routes, ...openapi.routes], {
            version: API_VERSION,
          });
          return document;
        },
      }),
    ],
    apiDeps,
  );
  app.use(main.router);
  app.use(exportsApi.router);
  app.use(openapi.router);
  app.use("/api", apiNotFound());

  const clientDir =
    options.clientDir === undefined ? path.resolve(HERE, "../client/dist") : options.clientDir;
  if (clientDir && existsSync(path.join(clientDir, "index.html"))) {
    app.use(express.static(clientDir, { index: "index.html" }));
    // SPA fallback: client-side routes (/graph/…, /cases/…) load index.html; /api paths never get here.
    app.use((req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      res.sendFile(path.join(clientDir, "index.html"));
    });
  }
  app.use(apiNotFound());
  app.use(errorHandler(deps.logger));

  return {
    app,
    async shutdown() {
      sessions.close();
      await jobs.close(options.jobGraceMs);
    },
    handlersDone: (ms) => inFlight.idle(ms),
  };
}
