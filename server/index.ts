/**
 * Starts the product: reads the environment, opens the store (embedded by default, Neo4j when NEO4J_URI is set),
 * builds the app and listens on HOST:PORT. SIGTERM / SIGINT shut down gracefully: stop accepting, let in-flight
 * requests finish, end event streams and jobs, close the store.
 */
import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:http";
import path from "node:path";
import type { Logger } from "pino";
import { createApp, type AppOptions } from "./app.js";
import { prepareAuditSigning } from "./audit/index.js";
import { ConfigError, readEnv, storeConfig, type Env } from "./config.js";
import { createLogger } from "./logger.js";
import { openStore } from "./store/index.js";
import type { GraphStore } from "./store/types.js";

export interface StartOptions {
  env?: Env;
  /** Overrides PORT (0: any free port). */
  port?: number;
  /** Overrides HOST. */
  host?: string;
  /**
   * True when the host was chosen explicitly (HOST variable or --host). A non-loopback address is refused unless it
   * was: the default never exposes the data beyond this machine.
   */
  hostExplicit?: boolean;
  /** The embedded store's folder (`--data-dir`); uploads go under it too. */
  dataDir?: string;
  logger?: Logger;
  /** Use this store instead of opening the configured one (it is still closed on shutdown). */
  store?: GraphStore;
  /** Handle SIGTERM / SIGINT; default true. */
  handleSignals?: boolean;
  options?: AppOptions;
}

export interface RunningServer {
  url: string;
  port: number;
  host: string;
  server: Server;
  store: GraphStore;
  /** Graceful stop; resolves when everything is closed. Idempotent. */
  close(): Promise<void>;
  /** Resolves once the server has stopped (after a signal or close()). */
  closed: Promise<void>;
}

/** Loopback addresses: 127.0.0.0/8, ::1, localhost. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** How long in-flight requests get on shutdown before connections are cut. */
const DRAIN_MS = 10_000;

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const env = opts.env ?? readEnv();
  const logger = opts.logger ?? createLogger(env.LOG_LEVEL);
  const host = opts.host ?? env.HOST;
  const port = opts.port ?? env.PORT;
  if (!isLoopback(host) && !opts.hostExplicit) {
    throw new ConfigError(
      `server: refusing to listen on ${host}, which is not a loopback address; set HOST (or --host) explicitly to expose the API`,
    );
  }
  const config = storeConfig(env, opts.dataDir);
  const store = opts.store ?? (await openStore({ ...config, readWorkers: env.MULEGRAPH_READ_WORKERS }));
  // The audit signing key is loaded (created, mode 0600, on the first start) now: a key that cannot be read or
  // written stops the start with its path, rather than failing the first audited request.
  try {
    prepareAuditSigning(store);
  } catch (err) {
    if (!opts.store) await store.close();
    throw err;
  }
  const uploadDir = path.join(config.dataDir, "uploads");
  const { app, shutdown, handlersDone } = createApp({ store, env, logger, uploadDir, options: opts.options });

  const server = createServer(app);
  // Keep-alive longer than typical proxies' idle timeouts; headers must arrive within a minute.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (err) {
    await shutdown();
    if (!opts.store) await store.close();
    throw err;
  }
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  if (!isLoopback(host)) logger.warn({ host }, "server: listening beyond this machine (HOST set explicitly)");
  logger.info({ url, store: store.kind }, "server: listening");

  let closing: Promise<void> | null = null;
  let markClosed!: () => void;
  const closed = new Promise<void>((r) => (markClosed = r));
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info("server: shutting down");
      const stopped = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await shutdown(); // ends event streams, waits for a running job
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await stopped;
      clearTimeout(timer);
      // Connections are gone, but handlers of clients that hung up may still be reading or auditing.
      if (!(await handlersDone(DRAIN_MS)))
        logger.warn("server: closing the store with requests still running");
      await store.close();
      logger.info("server: stopped");
      markClosed();
    })();
    return closing;
  };

  if (opts.handleSignals ?? true) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, "server: signal received");
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
      close().catch((err: Error) => logger.error({ error: err.name }, "server: shutdown failed"));
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }

  return { url, port: address.port, host, server, store, close, closed };
}
