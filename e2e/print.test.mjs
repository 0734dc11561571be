// End-to-end test of a bulletin issue's page and print layout in headless
// Chromium: the page on a phone (390 px) and a laptop (1366 px), and the
// issue printed to PDF on A4 with the page's own @page rules.
//
// Run by tests/it/e2e.rs, which builds the example site, serves it with nginx,
// passes these variables, then reads the PDF with poppler's pdftotext:
//   ISSUE_URL    the issue's page
//   PDF_PATH     where to write the PDF
//   SCREENSHOTS  folder for PNG screenshots
//   CHROMIUM     browser binary (default /usr/bin/chromium)
// Prints one line per check and exits non-zero on the first failure.

import { deadline, launch, ok } from "./harness.mjs";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import path from "node:path";

const URL_ = process.env.ISSUE_URL;
const SHOTS = process.env.SCREENSHOTS || "screenshots";
deadline(90);

const browser = await launch();
mkdirSync(SHOTS, { recursive: true });
const problems = [];

for (const width of [390, 1366]) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  page.on("pageerror", (e) => problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  const res = await page.goto(URL_, { waitUntil: "load" });
  assert.equal(res.status(), 200);
  // Nothing wider than the window: the page reads without scrolling sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${width} px: the page is ${overflow} px wider than the window`);
  // The 报头 reads left to right: unit at the left of the date, or above it on a phone.
  const [unit, date] = await Promise.all([".bulletin-unit", ".bulletin-date"].map((s) => page.locator(s).boundingBox()));
  assert.ok(unit.x <= date.x && (unit.x + unit.width <= date.x || unit.y + unit.height <= date.y), `${width} px: unit and date overlap`);
  await page.screenshot({ path: path.join(SHOTS, `bulletin-top-${width}.png`) });
  await page.locator(".bulletin-colophon").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, `bulletin-foot-${width}.png`) });
  ok(`${width} px: no sideways scrolling, 报头 in order, screenshots saved`);
  if (width === 1366) {
    await page.pdf({ path: process.env.PDF_PATH, format: "A4", preferCSSPageSize: true, printBackground: true });
    ok(`printed to ${process.env.PDF_PATH}`);
  }
  await context.close();
}
await browser.close();
assert.deepEqual(problems, []);
ok("no script or console error");
