// What the browser test scripts share: a numbered "ok" line per check, a
// deadline for the whole run, and the browser (Debian's Chromium, or
// CHROMIUM) launched headless without network extras.

import { chromium } from "playwright-core";

let checks = 0;

/** Prints the next numbered "ok" line. */
export function ok(msg) {
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

/** How many checks passed so far. */
export function passed() {
  return checks;
}

/** Ends the process with an error when the run takes longer than `seconds`. */
export function deadline(seconds) {
  setTimeout(() => {
    console.error(`timed out after ${seconds} s`);
    process.exit(1);
  }, seconds * 1000).unref();
}

/** Launches the browser; `extraArgs` are added to the common flags. */
export function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", ...extraArgs],
  });
}
