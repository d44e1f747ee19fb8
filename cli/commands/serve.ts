/**
 * `mulegraph serve [--port N] [--host H]`: the HTTP API and web client (server/index.ts) until SIGTERM / SIGINT.
 */
import type { CliContext } from "../context.js";
import { UsageError } from "../context.js";
import { hostIsSet } from "../../server/config.js";
import { startServer } from "../../server/index.js";

export const help = `usage: mulegraph serve [--port N] [--host H]

Serves the API and the web client on HOST:PORT (default 127.0.0.1:8080; PORT and HOST in the environment).
Uses the embedded store in --data-dir (default ./data) unless NEO4J_URI is set. Uploads are kept under
<data-dir>/uploads. A host that is not a loopback address is refused unless given explicitly (--host or HOST).
Stops gracefully on SIGTERM or Ctrl-C. Create the first admin with: mulegraph user add NAME --role admin`;

function parseArgs(args: string[]): { port?: number; host?: string } {
  const out: { port?: number; host?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined || v === "") throw new UsageError(`serve: ${flag} needs a value`);
      return v;
    };
    if (flag === "--port") {
      const v = value();
      const port = Number(v);
      if (!/^\d+$/.test(v) || port > 65535) throw new UsageError(`serve: --port must be 0–65535, got "${v}"`);
      out.port = port;
    } else if (flag === "--host") out.host = value();
    else throw new UsageError(`serve: unknown option "${a}"\n\n${help}`);
  }
  return out;
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { port, host } = parseArgs(args);
  const running = await startServer({
    env: ctx.env,
    port,
    host,
    hostExplicit: host !== undefined || hostIsSet(),
    dataDir: ctx.dataDir,
  });
  ctx.say(`mulegraph: serving on ${running.url} (${running.store.kind} store); Ctrl-C stops`);
  await running.closed;
  return 0;
}
