/**
 * `npm run bench`: runs every benchmark one after another (two cores: never side by side) and prints their output.
 * Each bench is also runnable alone as `npm run bench:<name>`.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const BENCHES = ["ingest", "generate", "store", "sqlite-floor", "detect", "trace", "api", "browser"];

let failed = 0;
for (const name of BENCHES) {
  const file = `bench/${name}.ts`;
  if (!existsSync(file)) {
    console.log(`\n== bench:${name}: not present, skipped`);
    continue;
  }
  console.log(`\n== bench:${name}`);
  const r = spawnSync(process.execPath, ["--import", "tsx", "--max-old-space-size=8192", file], {
    stdio: "inherit",
  });
  if (r.status !== 0) {
    failed++;
    console.log(`== bench:${name} failed with exit code ${r.status}`);
  }
}
process.exitCode = failed ? 1 : 0;
