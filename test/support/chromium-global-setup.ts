/**
 * Global setup of the browser tests: find Chromium, or install Debian's package when this process may (root, with
 * apt-get), so that `npm test` passes on a fresh machine with nothing installed by hand. When it cannot, the
 * browser tests skip with the reason printed here; under CI=true a missing browser fails the run instead.
 */
import { chromiumPath } from "./chromium.js";
import { installDebianPackages } from "./debian-packages.js";

const say = (line: string) => process.stderr.write(`[browser] ${line}\n`);

export default function setup(): void {
  if (chromiumPath()) return;
  say("Chromium not found");
  const why =
    (process.env.MULEGRAPH_TEST_INSTALL === "0"
      ? "MULEGRAPH_TEST_INSTALL=0: not installing it"
      : installDebianPackages(["chromium"], say)) ??
    (chromiumPath() ? null : "apt-get installed chromium but no executable is at /usr/bin/chromium");
  if (why === null) return;
  const message =
    `browser tests: no Chromium (${why}). Install it with "apt-get install chromium" or set CHROMIUM_PATH ` +
    "to a Chromium or Chrome executable.";
  if (process.env.CI) throw new Error(`${message} Under CI=true a missing browser fails the run.`);
  say(`${message} The browser tests are skipped.`);
}
