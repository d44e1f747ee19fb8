/**
 * `npm run bench`: runs every benchmark one after another (two cores: never side by side) and prints their output,
 * then a closing note that repeats every ratio a bench printed against a reference measured in its own run (lines
 * that say "(same run)"). Each bench is also runnable alone as `npm run bench:<name>`; bench:store runs the SQLite
 * floor itself, so bench:sqlite-floor is not run again here.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";

const BENCHES = ["ingest", "generate", "store", "detect", "trace", "api", "browser"];

/** Run one bench, its output passed through as it comes; resolves with its exit code and its "(same run)" lines. */
function runBench(file: string): Promise<{ status: number | null; ratios: string[] }> {
  return new Promise((resolve) => {
    // bench:trace runs its triage in process with the server's young generation (package.json "start").
    const flags = file === "bench/trace.ts" ? ["--max-semi-space-size=32"] : [];
    const child = spawn(process.execPath, ["--import", "tsx", "--max-old-space-size=8192", ...flags, file], {
      stdio: ["inherit", "pipe", "inherit"],
    });
    const ratios: string[] = [];
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      const lines = (partial + chunk.toString("utf8")).split("\n");
      partial = lines.pop()!;
      for (const line of lines) if (line.includes("(same run)")) ratios.push(line.trim());
    });
    child.on("close", (status) => {
      if (partial.includes("(same run)")) ratios.push(partial.trim());
      resolve({ status, ratios });
    });
  });
}

let failed = 0;
const note: string[] = [];
for (const name of BENCHES) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    console.log(`\n== bench:${name}: not present, skipped`);
    continue;
  }
  console.log(`\n== bench:${name}`);
  const r = await runBench(file);
  for (const ratio of r.ratios) note.push(`  bench:${name}: ${ratio}`);
  if (r.status !== 0) {
    failed++;
    console.log(`== bench:${name} failed with exit code ${r.status}`);
  }
}
console.log("\n== ratios, each against its reference measured in the same run");
console.log(note.length > 0 ? note.join("\n") : "  (no bench printed one)");
process.exitCode = failed ? 1 : 0;
