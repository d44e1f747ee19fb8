/**
 * `mulegraph generate`: write a synthetic case (bank exports in their real formats plus truth.json) to a folder.
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { DEFAULT_DAYS, DEFAULT_START, generateCase, GeneratorOptionsError } from "../../generator/index.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";

export const help = `usage: mulegraph generate --out DIR [--seed N] [--accounts N] [--days N] [--start YYYY-MM-DD]
                          [--world kazakh|aml] [--currency CODE] [--force]

Writes a synthetic case: DIR/exports/ holds the bank files, DIR/truth.json the answers (detection must never read it).
  --out DIR        output folder (must not already hold a case unless --force)
  --seed N         random seed (default 1); the same arguments give byte-identical files
  --accounts N     about how many accounts (default 2000; 100 to 5000000)
  --days N         length of the period (default ${DEFAULT_DAYS})
  --start DATE     first local day (default ${DEFAULT_START}: the period spans the 2024-03-01 change of Almaty's
                   UTC offset from +6 to +5)
  --world W        kazakh (default): the Kazakh banks' case described below; aml: one bank's transfer register
                   (DIR/exports/transactions.csv, English AMLSim-style headers, numeric accounts, UTC times) with
                   fan-in, fan-out, gather-scatter, scatter-gather, cycle, bipartite, stack and random laundering
                   schemes inside payroll, merchant, utility, rent, crowdfunding, family, savings-club,
                   pass-through and errand traffic (people passing sums on for relatives and friends),
                   plus DIR/mapping.json for \`ingest --mapping\`
  --currency CODE  the aml world's currency, amounts in its own magnitudes (default USD; ingest needs a KZT rate
                   for it: USD, EUR, RUB built in)
  --force          replace DIR/exports and DIR/truth.json if present

Files (docs/FORMATS.md): per Kazakh bank (Kaspi, Halyk, Jusan, Freedom, BCC) a transfer register and a session log,
statements of the drop/hub/organiser accounts, complainants and a sample of others (cp1251 or UTF-8 with or without
BOM, ";" and decimal commas, Russian/Kazakh/English headers, local Almaty time), the police complaint register and
the analyst's watch-list of exchanges, P2P traders and card-to-crypto services. Treasury and banks abroad (Georgia,
Turkey, UAE with IBANs; Russia, Kyrgyzstan without) appear as counterparties only.

Planted: fraud rings whose victims (fake marketplace ads, "safe account" calls, fake investments, remote-access
micro-loans sent on within minutes) pay first-line drops; drops keep 5-10% and forward the rest within minutes to
hours through 2-4 hops (splits, runs just under 500 000 KZT) to cash-out hubs, which pay listed exchanges and P2P
traders, an unlisted P2P trader, card-to-crypto services with a wallet address in the purpose, accounts abroad,
ATMs abroad, and the organiser's cut. Rented sole-proprietor (ИП) accounts, new accounts, a dealer's run of SIMs,
and shared devices and VPN addresses tie each ring together. About 65% of victims file a complaint, 3 days to four
months after the loss. Ordinary traffic: pensions, rent, family transfers, cash, remittances, and the hard
negatives that look suspicious but are not: payroll (fan-out), shops and utilities (fan-in, weekly pass-through to
suppliers), salaries moved to the owner's other bank within hours, crypto bought on listed exchanges, cash abroad on
holiday, micro-loans, new accounts, shared home and mobile-operator IPs.
truth.json: role, ring and hard-negative flag per account, ring members and identifiers, each complaint's money
allocated by FIFO to exits and still-holding accounts, and counts. docs/GENERATOR.md has the details.`;

function intFlag(name: string, value: string | undefined): number {
  if (value === undefined || !/^-?\d+$/.test(value))
    throw new UsageError(`generate: ${name} needs an integer, got "${value ?? ""}"`);
  return Number(value);
}

export async function run(args: string[], ctx: CliContext): Promise<number> {
  let out: string | undefined;
  let seed = 1;
  let accounts = 2000;
  let days: number | undefined;
  let start: string | undefined;
  let force = false;
  let world: "kazakh" | "aml" = "kazakh";
  let currency: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] = a.includes("=")
      ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)]
      : [a, undefined];
    const value = () => inline ?? args[++i];
    if (flag === "--out") out = value();
    else if (flag === "--seed") seed = intFlag("--seed", value());
    else if (flag === "--accounts") accounts = intFlag("--accounts", value());
    else if (flag === "--days") days = intFlag("--days", value());
    else if (flag === "--start") start = value();
    else if (flag === "--world") {
      const w = value();
      if (w !== "kazakh" && w !== "aml")
        throw new UsageError(`generate: --world must be kazakh or aml, got "${w ?? ""}"`);
      world = w;
    } else if (flag === "--currency") currency = value();
    else if (flag === "--force") force = true;
    else throw new UsageError(`generate: unknown option "${a}"\n\n${help}`);
  }
  if (!out) throw new UsageError(`generate: --out DIR is required\n\n${help}`);
  const dir = path.resolve(out);
  const exportsDir = path.join(dir, "exports");
  const truthPath = path.join(dir, "truth.json");
  if (force) {
    rmSync(exportsDir, { recursive: true, force: true });
    rmSync(truthPath, { force: true });
  } else if ((existsSync(exportsDir) && readdirSync(exportsDir).length > 0) || existsSync(truthPath)) {
    throw new UserFacingError(`generate: ${dir} already holds a case; use an empty folder or --force`);
  }
  try {
    const summary = await generateCase({ out: dir, seed, accounts, days, start, world, currency });
    if (ctx.json) ctx.emit(summary);
    else {
      const c = summary.counts;
      ctx.say(`generated ${summary.exportsDir} in ${(summary.ms / 1000).toFixed(1)} s`);
      if (world === "aml")
        ctx.say(
          `  ${c.accounts} accounts, ${c.transfers} transfers, ${c.schemes} laundering schemes over ${c.laundering} accounts, ${c.hardNegatives} hard negatives; mapping: ${path.join(dir, "mapping.json")}`,
        );
      else
        ctx.say(
          `  ${c.accounts} accounts, ${c.transfers} transfers, ${c.withdrawals} withdrawals, ${c.complaints} complaints, ${c.rings} rings`,
        );
      ctx.say(
        `  ${summary.files} files (${c.statements} statements), ${(summary.bytes / 1048576).toFixed(1)} MiB; truth: ${summary.truthPath}`,
      );
    }
    return 0;
  } catch (e) {
    if (e instanceof GeneratorOptionsError) throw new UsageError(e.message);
    throw e;
  }
}
