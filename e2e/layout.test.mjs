// The readers' layout in headless Chromium. Run by
// tests/it/e2e_layout.rs, which builds the example site, serves it and passes:
//   BASE_URL     the served site's root (ends with /)
//   PAGES        comma-separated site paths to measure
//   PDF_PATH     where to print the dashboard
//   SCREENSHOTS  folder for PNG screenshots
//   CHROMIUM     browser binary (default /usr/bin/chromium)
// Prints one line per check and exits non-zero on the first failure.

import { deadline, launch, ok, passed } from "./harness.mjs";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";
import path from "node:path";

const BASE = process.env.BASE_URL;
const PAGES = process.env.PAGES.split(",");
const SHOTS = process.env.SCREENSHOTS || "screenshots";
deadline(240);

const browser = await launch();
mkdirSync(SHOTS, { recursive: true });

for (const width of [320, 390, 1366, 1920]) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: "zh-CN" });
  const page = await context.newPage();
  for (const p of PAGES) {
    await page.goto(BASE + p.replace(/^\//, ""));
    const { scroll, client } = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    assert.ok(scroll <= client, `${p} at ${width} px is ${scroll} px wide`);
    ok(`${p} at ${width} px: nothing wider than the window`);
    if (width === 390 || width === 1366) {
      const name = p.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "") || "home";
      await page.screenshot({ path: path.join(SHOTS, `layout-${name}-${width}.png`), fullPage: true });
    }
  }
  if (width >= 1366) {
    // Every region's rank, name and committee total in view without scrolling the table.
    await page.goto(BASE + "dashboard/2025/");
    const cells = await page.evaluate(() => {
      const box = document.querySelector(".dashboard-assessment .table-scroll").getBoundingClientRect();
      return [...document.querySelectorAll(".assessment-table tbody tr")].map((tr) =>
        [".col-rank", ".col-region", ".col-total"].map((c) => {
          const r = tr.querySelector(c).getBoundingClientRect();
          return r.left >= box.left - 1 && r.right <= box.right + 1 && r.right <= window.innerWidth;
        }),
      );
    });
    assert.ok(cells.length >= 5, `${cells.length} rows`);
    assert.ok(cells.every((row) => row.every(Boolean)), JSON.stringify(cells));
    ok(`dashboard at ${width} px: rank, region and total of ${cells.length} regions in view`);
  }
  await context.close();
}

// The text-size control: 大 makes the root larger and is remembered on the next page.
{
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(BASE);
  const before = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await page.click(".text-size button[data-text-size=large]");
  await page.goto(BASE + "regions/chengdu/");
  const after = await page.evaluate(() => [
    parseFloat(getComputedStyle(document.documentElement).fontSize),
    document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    document.querySelector(".text-size button[aria-pressed=true]").dataset.textSize,
    // The chart's box starts at its newest month: its right end in view.
    (() => {
      const box = document.querySelector(".chart-scroll");
      const svg = box.querySelector("svg").getBoundingClientRect();
      return Math.abs(svg.right - box.getBoundingClientRect().right) < 2;
    })(),
  ]);
  assert.ok(after[0] > before, `root ${before} -> ${after[0]}`);
  assert.deepEqual(after.slice(1), [true, "large", true]);
  ok(`大: root ${before} px -> ${after[0]} px, remembered, page still fits, chart at its newest month`);
  await page.screenshot({ path: path.join(SHOTS, "layout-region-390-large.png"), fullPage: true });
  await context.close();
}

// The dashboard printed with its own @page rules (A4 landscape).
{
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await page.goto(BASE + "dashboard/2025/");
  await page.pdf({ path: process.env.PDF_PATH, preferCSSPageSize: true, printBackground: true });
  ok("dashboard printed to PDF");
  await context.close();
}
await browser.close();
console.log(`1..${passed()}`);
