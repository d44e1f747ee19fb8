/**
 * `npm run bench:generate`: generates a 20k-account and a 200k-account case, each in its own child process, and
 * prints files, rows, transfers, output size, generation time per phase and the child's peak RSS. The reference
 * is the 20k run of the same script: the 200k run's cost per ledger row divided by the 20k run's (1.0 = linear).
 *
 *   npm run bench:generate                 # 20000 and 200000 accounts
 *   npm run bench:generate -- 5000 50000   # other sizes (the first is the reference)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { GenerateSummary } from "../generator/index.js";

interface ChildResult {
  summary: GenerateSummary;
  maxRssKb: number;
  wallMs: number;
}

/** Child mode: generate one case and print its summary and peak RSS as one JSON line. */
async function child(accounts: number, out: string): Promise<void> {
  const { generateCase } = await import("../generator/index.js");
  const t0 = performance.now();
  const summary = await generateCase({ out, seed: 1, accounts });
  const result: ChildResult = {
    summary,
    maxRssKb: process.resourceUsage().maxRSS,
    wallMs: Math.round(performance.now() - t0),
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

function runChild(accounts: number): ChildResult {
  const out = mkdtempSync(path.join(tmpdir(), `mulegraph-bench-gen-${accounts}-`));
  try {
    const self = fileURLToPath(import.meta.url);
    const r = spawnSync(process.execPath, ["--import", "tsx", self, "--child", String(accounts), out], {
      encoding: "utf8",
      maxBuffer: 16 * 1024 * 1024,
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (r.status !== 0)
      throw new Error(`bench/generate: child for ${accounts} accounts exited with ${r.status}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!) as ChildResult;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

function report(accounts: number, r: ChildResult): void {
  const c = r.summary.counts;
  const rows = c.registerRows + c.statementRows + c.linkageRows;
  const phases = Object.entries(r.summary.phases)
    .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}s`)
    .join(", ");
  console.log(`-- ${accounts} accounts requested`);
  console.log(
    `   accounts ${c.accounts}, transfers ${c.transfers}, withdrawals ${c.withdrawals}, complaints ${c.complaints}, rings ${c.rings}`,
  );
  console.log(
    `   files ${r.summary.files} (${c.statements} statements), rows ${rows} (registers ${c.registerRows}, statements ${c.statementRows}, session logs ${c.linkageRows}), ${(r.summary.bytes / 1048576).toFixed(0)} MiB`,
  );
  console.log(
    `   generation ${(r.wallMs / 1000).toFixed(1)} s (${phases}); peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB`,
  );
  console.log(
    `   ${Math.round(((c.transfers + c.withdrawals) / r.wallMs) * 1000)} ledger rows/s, ${Math.round((rows / r.wallMs) * 1000)} file rows/s`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") return child(Number(args[1]), args[2]!);
  const sizes = args.length > 0 ? args.map(Number) : [20000, 200000];
  const results = sizes.map((n) => {
    const r = runChild(n);
    report(n, r);
    return r;
  });
  const perRow = (r: ChildResult) => r.wallMs / (r.summary.counts.transfers + r.summary.counts.withdrawals);
  for (let i = 1; i < results.length; i++)
    console.log(
      `ratio: ${sizes[i]} vs ${sizes[0]} accounts: time per ledger row ×${(perRow(results[i]!) / perRow(results[0]!)).toFixed(2)} (1.00 = linear), peak RSS ×${(results[i]!.maxRssKb / results[0]!.maxRssKb).toFixed(2)}`,
    );
}

await main();
