/**
 * What every route handler can reach: the store, configuration, logger, sessions and the upload job runner.
 */
import type { Logger } from "pino";
import type { SessionStore } from "../auth/sessions.js";
import type { Env } from "../config.js";
import type { UploadJobs } from "../jobs/index.js";
import type { GraphStore } from "../store/types.js";
import type { InFlight } from "./in-flight.js";

export interface ApiDeps {
  store: GraphStore;
  env: Env;
  logger: Logger;
  /** Folder where uploads are streamed to and their reports written. */
  uploadDir: string;
  sessions: SessionStore;
  jobs: UploadJobs;
  /** Handlers running now; shutdown waits for them before closing the store. */
  inFlight: InFlight;
}
