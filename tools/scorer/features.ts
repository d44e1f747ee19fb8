/**
 * Write the learned scorer's training table (docs/DETECTION.md § "The learned scorer"): for each cached case of the
 * second world, the per-account features exactly as detect() computes them (its onLearnedFeatures hook, the one code
 * path of training and inference) with the generator's truth beside them (laundering yes/no, hard negative, typologies).
 *
 *   node --import tsx tools/scorer/features.ts <out.csv> <seed,seed,...> [world=aml] [accounts=20000]
 *
 * Cases come from .cache/bench-detect (<AML_CACHE_TAG>-s<seed>-a<accounts>, the second world's current version, or
 * s<seed>-a<accounts> for the Kazakh world; made once by prepareCase like bench/detect.ts). Run under
 * `flock /tmp/heavy.lock`. Truth is read for the labels only.
 */
import { createWriteStream } from "node:fs";
import path from "node:path";
import { detect } from "../../server/analytics/detect/index.js";
import { FEATURE_NAMES } from "../../server/analytics/detect/learned/features.js";
import { AML_CACHE_TAG, openCaseStore, prepareCase } from "../../test/analytics/detect/generated-case.js";

const [out, seedList, world = "aml", size = "20000"] = process.argv.slice(2);
if (!out || !seedList) {
  console.error("usage: features.ts <out.csv> <seeds> [aml|kazakh] [accounts]");
  process.exit(2);
}
const CACHE = path.resolve(process.env.BENCH_DETECT_CACHE ?? ".cache/bench-detect");

async function main(): Promise<void> {
  const file = createWriteStream(out);
  file.write(["seed", "account", "label", "hard_negative", "typologies", ...FEATURE_NAMES].join(",") + "\n");
  for (const seed of seedList.split(",").map(Number)) {
    const tag = world === "aml" ? `${AML_CACHE_TAG}-s${seed}-a${size}` : `s${seed}-a${size}`;
    const c = await prepareCase(path.join(CACHE, tag), seed, Number(size), {
      world: world === "aml" ? "aml" : "kazakh",
    });
    const store = await openCaseStore(c);
    const projection = await store.projection().finally(() => store.close());
    let rows = 0;
    detect(
      projection,
      {},
      {
        onLearnedFeatures: (table, ix) => {
          for (let r = 0; r < table.accounts.length; r++) {
            const key = ix.keys[table.accounts[r]];
            const truth = c.truth.accounts[key];
            // Kazakh truth has roles, not laundering labels: drops, hubs and organisers launder there.
            const label =
              truth?.laundering ?? ["drop", "hub", "organiser"].includes(truth?.role ?? "ordinary");
            const cells = Array.from(table.values.subarray(r * table.width, (r + 1) * table.width), (x) =>
              Number.isNaN(x) ? "" : String(x),
            );
            file.write(
              [
                seed,
                JSON.stringify(key),
                label ? 1 : 0,
                truth?.hardNegative ? 1 : 0,
                (truth?.typologies ?? []).join("|"),
                ...cells,
              ].join(",") + "\n",
            );
            rows++;
          }
        },
      },
    );
    console.error(`[scorer] ${tag}: ${rows} accounts`);
  }
  await new Promise<void>((resolve) => file.end(resolve));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
