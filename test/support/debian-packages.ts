/**
 * Install Debian packages that a test suite needs (Chromium for the browser tests, a JDK and Maven for the test
 * Neo4j), so that the README's `npm test` passes on a fresh machine with nothing installed by hand. Only when this
 * process may: as root, with apt-get. Returns why it could not, or null when the packages are installed.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

function run(args: string[]): { ok: boolean; output: string } {
  const r = spawnSync("apt-get", ["-o", "DPkg::Lock::Timeout=600", ...args], {
    encoding: "utf8",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
    timeout: 15 * 60_000,
  });
  const output = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? r.error.message : ""}`.trim();
  return { ok: r.status === 0, output: output.split("\n").slice(-5).join("\n") };
}

let updated = false;

/** apt-get install the packages (after one apt-get update per process); the reason on failure, else null. */
export function installDebianPackages(packages: string[], log: (line: string) => void): string | null {
  if (process.getuid?.() !== 0)
    return `not running as root, so ${packages.join(", ")} cannot be installed here`;
  if (!existsSync("/usr/bin/apt-get")) return `apt-get is not available to install ${packages.join(", ")}`;
  log(`installing Debian's ${packages.join(", ")} (once)`);
  if (!updated) {
    const update = run(["update", "-qq"]);
    if (!update.ok) return `apt-get update failed:\n${update.output}`;
    updated = true;
  }
  const install = run(["install", "-y", "-qq", "--no-install-recommends", ...packages]);
  return install.ok ? null : `apt-get install ${packages.join(" ")} failed:\n${install.output}`;
}
