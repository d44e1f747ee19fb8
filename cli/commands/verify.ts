/**
 * `mulegraph verify <package.zip>`: checks an evidence package offline against its manifest. Needs no store.
 * Exit 0 when every file is present and unaltered and nothing was added; exit 1 otherwise.
 */
import { access, readFile } from "node:fs/promises";
import { parseHead } from "../../server/audit/index.js";
import { PackageFormatError, verifyPackage } from "../../server/evidence/index.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";

export const help = `usage: mulegraph verify <package.zip> [--head FILE]

Recomputes the SHA-256 of every file of an evidence package and compares it with the package's manifest.json,
and checks audit-proof.json: the audit trail's tree head signed at export time (Ed25519) and the inclusion proof of
every audit entry the package cites. Names every file that was altered, added or removed and every proof that fails,
and exits 1 if there is any. Needs nothing but the package; compare the printed signing key with the exporting
system's \`mulegraph audit export-head\`.
The manifest's own SHA-256 is printed: it matches the export's entry in the exporting system's audit trail.

--head FILE   a head from the exporting system's \`mulegraph audit export-head\`: the package's head must be
              signed with the same key.`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const files: string[] = [];
  let headFile: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--head" || a.startsWith("--head=")) {
      headFile = a === "--head" ? args[++i] : a.slice("--head=".length);
      if (!headFile) throw new UsageError(`verify: --head needs a file\n\n${help}`);
    } else if (a.startsWith("--")) throw new UsageError(`verify: unknown option "${a}"\n\n${help}`);
    else files.push(a);
  }
  if (files.length !== 1) throw new UsageError(`verify: give one package file\n\n${help}`);
  let auditPublicKey: string | undefined;
  if (headFile !== undefined) {
    try {
      auditPublicKey = parseHead(await readFile(headFile, "utf8"), headFile).publicKey;
    } catch (err) {
      throw new UserFacingError(`verify: cannot use the kept head ${headFile}: ${(err as Error).message}`);
    }
  }
  const file = files[0]!;
  try {
    await access(file);
  } catch {
    throw new UserFacingError(`verify: cannot read ${file}`);
  }

  let report;
  try {
    report = await verifyPackage(file, { auditPublicKey });
  } catch (err) {
    if (err instanceof PackageFormatError) throw new UserFacingError(`verify: ${file}: ${err.message}`);
    throw err;
  }

  if (ctx.json) ctx.emit(report);
  const m = report.manifest;
  if (m) {
    ctx.say(
      `package: case ${m.caseNo ?? "—"}, exported by ${m.actor} at ${m.exportedAt}, Mulegraph ${m.appVersion}`,
    );
    ctx.say(
      `audit chain head at export: ${m.auditHead ? `entry ${m.auditHead.seq}, ${m.auditHead.hash}` : "empty"}`,
    );
  }
  if (report.manifestSha256) ctx.say(`manifest SHA-256: ${report.manifestSha256}`);
  const a = report.audit;
  if (a) {
    ctx.say(
      `audit trail signed head: ${a.treeSize} entr${a.treeSize === 1 ? "y" : "ies"}, root ${a.rootHash}, signed ${a.signedAt}; ` +
        `${a.entries.length} cited entr${a.entries.length === 1 ? "y" : "ies"} proved in it`,
    );
    ctx.say(`audit signing key: ${a.publicKey}`);
  } else if (m && m.formatVersion === 1) {
    ctx.say("audit trail signed head: none (a formatVersion 1 package, made before signed heads)");
  }
  if (report.ok) {
    ctx.say(`OK: all ${report.verified} files match the manifest`);
    return 0;
  }
  const width = Math.max(...report.problems.map((p) => p.path.length));
  ctx.say(`FAILED: ${report.problems.length} problem(s), ${report.verified} file(s) verified`);
  for (const p of report.problems) ctx.say(`  ${p.kind.padEnd(9)} ${p.path.padEnd(width)}  ${p.detail}`);
  return 1;
}
