/**
 * An open-loop HTTP load generator for bench:api: requests leave on a fixed schedule (a constant arrival rate)
 * whether or not earlier ones have been answered, and each latency is measured from the request's scheduled send
 * time, so a server that falls behind shows it in the latency instead of slowing the load down (the "coordinated
 * omission" of closed-loop tools: Tene, "How NOT to Measure Latency", 2015; wrk2 does the same).
 *
 * Connections: one keep-alive agent with a pool large enough that the pool is never what queues (a request that
 * finds every socket busy waits in the agent, and that wait counts, since the clock started at its scheduled time).
 * A rate is a series of steps; `findMaxRate` climbs them and reports the highest rate whose p99 stays under the bound
 * with no error.
 */
import http from "node:http";

/** One request of a workload: a path and the label it is counted under. */
export interface WorkItem {
  kind: string;
  path: string;
}

export interface StepResult {
  rate: number;
  /** Requests scheduled (rate × seconds) and answered. */
  sent: number;
  answered: number;
  /** Non-2xx answers, socket errors and requests still unanswered when the step's drain time ran out. */
  failed: number;
  p50: number;
  p99: number;
  max: number;
  /** p99 per kind (search, entity, neighbourhood…). */
  p99ByKind: Record<string, number>;
  /** How late the generator itself sent, at worst and at the 99th percentile (its own event loop falling behind), ms. */
  sendLagMax: number;
  sendLagP99: number;
  /** The slowest answered requests of the step, slowest first (which requests make the p99). */
  slowest: { kind: string; path: string; ms: number }[];
  pass: boolean;
}

export interface OpenLoopOptions {
  url: string;
  headers: Record<string, string>;
  /** The requests, taken in turn (the caller mixes and shuffles them). */
  items: WorkItem[];
  seconds: number;
  /** p99 bound in ms. */
  p99Ms: number;
  /** Sockets in the keep-alive pool (default 512). */
  sockets?: number;
  /** How long after the last scheduled send to wait for answers (default 10 s). */
  drainMs?: number;
}

/** How many of a step's slowest requests it reports. */
const SLOWEST = 12;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Infinity;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

/** Send `rate` requests per second for `seconds`, on schedule, and measure each from its scheduled time. */
export async function openLoopStep(rate: number, opts: OpenLoopOptions, offset = 0): Promise<StepResult> {
  const target = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.sockets ?? 512, maxFreeSockets: 512 });
  const total = Math.round(rate * opts.seconds);
  const latencies: number[] = [];
  const byKind = new Map<string, number[]>();
  let failed = 0;
  let answered = 0;
  const sendLags: number[] = [];
  const timed: { item: WorkItem; ms: number }[] = [];
  let next = 0;
  const interval = 1000 / rate;
  let outstanding = 0;
  let allSent!: () => void;
  const done = new Promise<void>((r) => (allSent = r));

  const send = (i: number, scheduled: number): void => {
    const item = opts.items[(offset + i) % opts.items.length]!;
    outstanding++;
    const finish = (ok: boolean) => {
      outstanding--;
      const ms = performance.now() - scheduled;
      if (ok) {
        answered++;
        latencies.push(ms);
        timed.push({ item, ms });
        let list = byKind.get(item.kind);
        if (!list) byKind.set(item.kind, (list = []));
        list.push(ms);
      } else failed++;
      if (next >= total && outstanding === 0) allSent();
    };
    const req = http.get(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: item.path,
        headers: opts.headers,
      },
      (res) => {
        res.on("data", () => undefined);
        res.on("end", () => finish(res.statusCode !== undefined && res.statusCode < 300));
        res.on("error", () => finish(false));
      },
    );
    req.on("error", () => finish(false));
  };

  const start = performance.now() + 5;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        const scheduled = start + next * interval;
        sendLags.push(now - scheduled);
        send(next, scheduled);
        next++;
      }
      if (next >= total) return resolve();
      const wait = start + next * interval - performance.now();
      // setTimeout's floor is ~1 ms: below it, yield to I/O and come straight back.
      if (wait > 1) setTimeout(tick, Math.max(0, wait - 1));
      else setImmediate(tick);
    };
    tick();
  });
  if (outstanding === 0) allSent();
  const drained = await Promise.race([
    done.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), opts.drainMs ?? 10_000)),
  ]);
  const unanswered = drained ? 0 : outstanding;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const lags = sendLags.sort((a, b) => a - b);
  // An unanswered request's latency is at least the drain time: it counts in the quantiles as the slowest.
  const all =
    unanswered > 0 || failed > 0 ? [...sorted, ...Array<number>(unanswered + failed).fill(Infinity)] : sorted;
  const p99ByKind: Record<string, number> = {};
  for (const [k, v] of byKind)
    p99ByKind[k] = quantile(
      v.sort((a, b) => a - b),
      0.99,
    );
  const p99 = quantile(all, 0.99);
  return {
    rate,
    sent: total,
    answered,
    failed: failed + unanswered,
    p50: quantile(all, 0.5),
    p99,
    max: all.length ? all[all.length - 1]! : Infinity,
    p99ByKind,
    sendLagMax: lags.length ? lags[lags.length - 1]! : 0,
    sendLagP99: quantile(lags, 0.99),
    slowest: timed
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST)
      .map((t) => ({ kind: t.item.kind, path: t.item.path, ms: t.ms })),
    pass: p99 < opts.p99Ms && failed + unanswered === 0,
  };
}

/**
 * Climb the rates in order, `between` (e.g. waiting for the server to be idle) before each step, and stop at the
 * first rate that fails twice in a row; the answer is the last rate that passed (0 when the first failed).
 */
export async function findMaxRate(
  rates: number[],
  opts: OpenLoopOptions,
  between: () => Promise<void>,
  onStep: (s: StepResult) => unknown,
  retry = true,
): Promise<{ maxRate: number; steps: StepResult[] }> {
  const steps: StepResult[] = [];
  let maxRate = 0;
  let offset = 0;
  for (const rate of rates) {
    await between();
    let s = await openLoopStep(rate, opts, offset);
    offset += s.sent;
    steps.push(s);
    await onStep(s);
    // On a shared machine one step can fail because another process took the cores for a second: a failed step is
    // run once more, and only a second failure ends the climb.
    if (!s.pass && retry) {
      await between();
      s = await openLoopStep(rate, opts, offset);
      offset += s.sent;
      steps.push(s);
      await onStep(s);
    }
    if (!s.pass) break;
    maxRate = rate;
  }
  return { maxRate, steps };
}
