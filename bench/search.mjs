// Search benchmark in headless Chromium (run by bench/search.sh).
//   SITE_URL   the built corpus served over HTTP, e.g. http://127.0.0.1:PORT/party/
//   QUERIES    queries separated by "|"
// For each query, a fresh browser context (empty cache) opens search/?q=...:
// bytes of search files transferred (index, shards, document files, headers
// included), requests, and time to first result (navigation start to the
// results shown). Then the same queries are typed one after another in one
// page (manifest and shards cached by the page): bytes and time per query.
// Prints a Markdown table.

import { createRequire } from "node:module";

// playwright-core is installed in e2e/ (npm ci there, or .ci/run).
const { chromium } = createRequire(new URL("../e2e/package.json", import.meta.url))("playwright-core");

const SITE = process.env.SITE_URL;
const QUERIES = (process.env.QUERIES || "党建").split("|");
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

function tracker(page) {
  const t = { bytes: 0, requests: 0, pending: [] };
  page.on("requestfinished", (req) => {
    if (!new URL(req.url()).pathname.includes("/search/") || req.resourceType() === "document") return;
    t.pending.push(req.sizes().then((s) => {
      t.bytes += s.responseBodySize + s.responseHeadersSize;
      t.requests++;
    }));
  });
  return t;
}

async function settled(page, states = ["done", "empty", "error"]) {
  await page.waitForFunction((s) => s.includes(document.getElementById("search-results")?.dataset.state), states, { timeout: 60_000 });
  return page.evaluate(() => Number(document.getElementById("search-results").dataset.count || 0));
}

const rows = [];
for (const q of QUERIES) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t = tracker(page);
  await page.goto(`${SITE}search/?q=${encodeURIComponent(q)}`);
  const count = await settled(page);
  const ms = await page.evaluate(() => {
    const m = performance.getEntriesByName("search-done").pop();
    const nav = performance.getEntriesByType("navigation")[0];
    return { first: m ? m.startTime : NaN, dcl: nav.domContentLoadedEventEnd };
  });
  await page.waitForLoadState("networkidle");
  await Promise.all(t.pending);
  rows.push({ q, count, bytes: t.bytes, requests: t.requests, first: ms.first, afterDcl: ms.first - ms.dcl });
  await context.close();
}

// Warm: one page, queries typed one after another.
const context = await browser.newContext();
const page = await context.newPage();
await page.goto(`${SITE}search/`);
await settled(page, ["idle"]);
const warm = [];
for (const q of QUERIES) {
  const t = tracker(page);
  const ms = await page.evaluate(async (q) => {
    const input = document.getElementById("search-q");
    const list = document.getElementById("search-results");
    list.dataset.state = "";
    const start = performance.now();
    input.value = q;
    document.getElementById("search-form").requestSubmit();
    while (!["done", "empty", "error"].includes(list.dataset.state)) await new Promise((r) => setTimeout(r, 2));
    return performance.now() - start;
  }, q);
  await page.waitForLoadState("networkidle");
  await Promise.all(t.pending);
  page.removeAllListeners("requestfinished");
  warm.push({ ms, bytes: t.bytes });
}
await browser.close();

const kb = (b) => (b / 1024).toFixed(1);
console.log("| query | results | search bytes (cold) | requests | first result after navigation start | after DOMContentLoaded | typed in a warm page: bytes, time |");
console.log("|---|--:|--:|--:|--:|--:|--:|");
rows.forEach((r, i) => {
  console.log(`| ${r.q} | ${r.count} | ${kb(r.bytes)} KB | ${r.requests} | ${r.first.toFixed(0)} ms | ${r.afterDcl.toFixed(0)} ms | ${kb(warm[i].bytes)} KB, ${warm[i].ms.toFixed(0)} ms |`);
});
const max = Math.max(...rows.map((r) => r.bytes));
console.log(`\nlargest cold transfer: ${kb(max)} KB`);
