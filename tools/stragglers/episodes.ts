/**
 * Write the stragglers' model's training table (docs/DETECTION.md § "Stragglers"): for each cached case of the second
 * world, every small episode detect() builds around the rules' flags (its onEpisodes hook, the one code path of
 * training and inference), with the generator's truth beside it: label 1 when all its accounts are members of one
 * scheme. Beside the table, <out>.base.json holds per seed what the rules flagged and the truth the scores need.
 *
 *   node --import tsx tools/stragglers/episodes.ts <out.csv> <seed,seed,...> [accounts=20000]
 *
 * Cases come from .cache/bench-detect (<AML_CACHE_TAG>-s<seed>-a<accounts>, made once by prepareCase as bench/detect.ts
 * does). Run under `flock /tmp/heavy.lock`. Truth is read for the labels only.
 */
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { Projection } from "../../model/analysis.js";
import { detect } from "../../server/analytics/detect/index.js";
import { EPISODE_FEATURES } from "../../server/analytics/detect/stragglers/episodes.js";
import { AML_CACHE_TAG, openCaseStore, prepareCase } from "../../test/analytics/detect/generated-case.js";

const [out, seedList, size = "20000"] = process.argv.slice(2);
if (!out || !seedList) {
  console.error("usage: episodes.ts <out.csv> <seeds> [accounts]");
  process.exit(2);
}
const CACHE = path.resolve(process.env.BENCH_DETECT_CACHE ?? ".cache/bench-detect");

async function main(): Promise<void> {
  const file = createWriteStream(out);
  file.write(["seed", "accounts", "open", "label", ...EPISODE_FEATURES].join(",") + "\n");
  const base: Record<string, unknown> = {};
  for (const seed of seedList.split(",").map(Number)) {
    const dir = path.join(CACHE, `${AML_CACHE_TAG}-s${seed}-a${size}`);
    const c = await prepareCase(dir, seed, Number(size), { world: "aml" });
    // A projection bench tools saved beside the case is the same data, read faster than the store.
    const saved = path.join(dir, "projection.v8");
    let projection: Projection;
    if (existsSync(saved)) projection = v8.deserialize(readFileSync(saved)) as Projection;
    else {
      const store = await openCaseStore(c);
      projection = await store.projection().finally(() => store.close());
    }
    const schemesOf = new Map<string, string[]>();
    for (const [id, s] of Object.entries(c.truth.schemes ?? {}))
      for (const a of s.accounts) schemesOf.set(a, [...(schemesOf.get(a) ?? []), id]);
    let rows = 0;
    const result = detect(
      projection,
      { stragglers: false },
      {
        onEpisodes: (table, ix) => {
          table.episodes.forEach((e, r) => {
            const keys = e.accounts.map((a) => ix.keys[a]);
            let common = schemesOf.get(keys[0]) ?? [];
            for (const k of keys.slice(1)) common = common.filter((s) => schemesOf.get(k)?.includes(s));
            const cells = Array.from(table.values.subarray(r * table.width, (r + 1) * table.width), String);
            file.write(
              [seed, keys.join("|"), e.open ? 1 : 0, common.length ? 1 : 0, ...cells].join(",") + "\n",
            );
            rows++;
          });
        },
      },
    );
    base[String(seed)] = {
      flagged: result.accounts
        .filter((a) => a.role === "drop" || a.role === "hub" || a.role === "organiser")
        .map((a) => a.id),
      laundering: Object.fromEntries(
        Object.entries(c.truth.accounts)
          .filter(([, a]) => a.laundering)
          .map(([k, a]) => [k, a.typologies ?? []]),
      ),
      hardNegatives: Object.entries(c.truth.accounts)
        .filter(([, a]) => a.hardNegative)
        .map(([k]) => k),
    };
    console.error(`[stragglers] ${AML_CACHE_TAG}-s${seed}: ${rows} episodes`);
  }
  await new Promise<void>((resolve) => file.end(resolve));
  writeFileSync(`${out}.base.json`, JSON.stringify(base));
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
