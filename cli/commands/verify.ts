/**
 * `mulegraph verify <package.zip>`: checks an evidence package offline against its manifest. Needs no store.
 * Exit 0 when every file is present and unaltered and nothing was added; exit 1 otherwise.
 */
import { access } from "node:fs/promises";
import { PackageFormatError, verifyPackage } from "../../server/evidence/index.js";
import { UsageError, UserFacingError, type CliContext } from "../context.js";

export const help = `usage: mulegraph verify <package.zip>

Recomputes the SHA-256 of every file of an evidence package and compares it with the package's manifest.json,
and checks audit-proof.json: the audit trail's tree head signed at export time (Ed25519) and the inclusion proof of
every audit entry the package cites. Names every file that was altered, added or removed and every proof that fails,
and exits 1 if there is any. Needs nothing but the package; compare the printed signing key with the exporting
system's \`mulegraph audit export-head\`.
The manifest's own SHA-256 is printed: it matches the export's entry in the exporting system's audit trail.`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const files = args.filter((a) => !a.startsWith("--"));
  const unknown = args.find((a) => a.startsWith("--"));
  if (unknown) throw new UsageError(`verify: unknown option "${unknown}"\n\n${help}`);
  if (files.length !== 1) throw new UsageError(`verify: give one package file\n\n${help}`);
  const file = files[0]!;
  try {
    await access(file);
  } catch {
    throw new UserFacingError(`verify: cannot read ${file}`);
  }

  let report;
  try {
    report = await verifyPackage(file);
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
      `audit trail signed head: ${a.treeSize} entries, root ${a.rootHash}, signed ${a.signedAt}; ` +
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
