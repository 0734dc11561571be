// Every page type of built regionpress sites in headless Chromium, at a
// phone's and a desktop's width: nothing wider than the
// viewport, no axe-core violation of any impact, no request leaving the
// served origin, the page's weight (gzipped HTML, CSS and JavaScript) within
// budget, and a full-page screenshot of each.
//
// Run by tests/it/e2e.rs (`every_page_type_is_clean_in_a_real_browser`), which
// builds the sites, serves them with nginx and passes these variables:
//   PAGES_JSON   a JSON file: [{ "site": name, "base": URL of the site's root,
//                "pages": [{ "type": page type, "path": path under base }] }]
//   SCREENSHOTS  folder for PNG screenshots (<site>-<type>-<width>.png)
//   WIDTHS       viewport widths, comma-separated (default 390,1366)
//   CHROMIUM     browser binary (default /usr/bin/chromium)
//   TIMEOUT_S    the whole run's limit in seconds (default 400)
// It checks every page at every width and prints every failure (one line
// each, "FAIL <site> <type> <width>px <check>: <detail>") before exiting
// non-zero, so one run names everything that is wrong.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const SITES = JSON.parse(readFileSync(process.env.PAGES_JSON, "utf8"));
const SHOTS = process.env.SCREENSHOTS || "screenshots";
const WIDTHS = (process.env.WIDTHS || "390,1366").split(",").map(Number);
// Page weight budgets, gzipped: the HTML of a page, and its CSS and JavaScript together.
const HTML_BUDGET = 50 * 1024;
const ASSET_BUDGET = 30 * 1024;

const failures = [];
let checks = 0;
function fail(where, check, detail) {
  failures.push(`FAIL ${where} ${check}: ${detail}`);
  console.log(failures[failures.length - 1]);
}
function ok(msg) {
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

const TIMEOUT_S = Number(process.env.TIMEOUT_S || 400);
setTimeout(() => {
  console.error(`timed out after ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000).unref();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

/* What overflows the viewport: the document's scroll width, and the
   elements whose right edge lies beyond it unless an ancestor that clips
   or scrolls (overflow-x other than visible) keeps them inside. */
function overflow() {
  const vw = window.innerWidth;
  const out = { scrollWidth: document.documentElement.scrollWidth, innerWidth: vw, elements: [] };
  const clipped = (el) => {
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.overflowX !== "visible" && a.getBoundingClientRect().right <= vw + 0.5) return true;
      if (s.position === "fixed") return false;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : "") + (el.classList.length ? "." + [...el.classList].join(".") : "");
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const right = r.right + window.scrollX;
    if (right > vw + 0.5 && !clipped(el)) {
      const s = getComputedStyle(el);
      // Visually hidden text (clip: rect(0 0 0 0), 1 px) is read, not seen.
      if (s.clip === "rect(0px, 0px, 0px, 0px)" || s.clipPath === "inset(50%)") continue;
      out.elements.push(`${name(el)} right=${Math.round(right)}`);
    }
  }
  return out;
}

async function checkPage(context, site, p, width, measure) {
  const where = `${site.site} ${p.type} ${width}px`;
  const page = await context.newPage();
  const sizes = [];
  const consoleErrors = [];
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  page.on("response", async (r) => {
    const type = r.request().resourceType();
    if (!["document", "stylesheet", "script"].includes(type)) return;
    sizes.push(
      r.body().then(
        (b) => ({ url: r.url(), type, gz: gzipSync(b).length }),
        () => ({ url: r.url(), type, gz: 0 }),
      ),
    );
  });
  const url = new URL(p.path, site.base).href;
  const res = await page.goto(url, { waitUntil: "load" });
  if (!res || res.status() !== 200) fail(where, "status", `${url}: HTTP ${res && res.status()}`);
  await page.waitForLoadState("networkidle");

  const o = await page.evaluate(overflow);
  if (o.scrollWidth > o.innerWidth) fail(where, "width", `document ${o.scrollWidth} px wide in a ${o.innerWidth} px viewport`);
  if (o.elements.length) fail(where, "width", `beyond the viewport: ${o.elements.slice(0, 8).join(", ")}${o.elements.length > 8 ? ` (${o.elements.length} in all)` : ""}`);
  if (o.scrollWidth <= o.innerWidth && !o.elements.length) ok(`${where}: within the viewport`);

  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  for (const v of violations) fail(where, `axe ${v.id} (${v.impact})`, v.nodes.slice(0, 6).join(" | ") + (v.nodes.length > 6 ? ` (${v.nodes.length} nodes)` : ""));
  if (!violations.length) ok(`${where}: no axe-core violation`);
  if (consoleErrors.length) fail(where, "console", consoleErrors.join(" | "));

  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${site.site}-${p.type}-${width}.png`), fullPage: true });

  if (measure) {
    const got = await Promise.all(sizes);
    const html = got.filter((s) => s.type === "document").reduce((a, s) => a + s.gz, 0);
    const assets = got.filter((s) => s.type !== "document").reduce((a, s) => a + s.gz, 0);
    const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
    if (html > HTML_BUDGET) fail(where, "weight", `HTML ${kb(html)} gzipped (budget ${kb(HTML_BUDGET)})`);
    if (assets > ASSET_BUDGET) fail(where, "weight", `CSS and JS ${kb(assets)} gzipped (budget ${kb(ASSET_BUDGET)}): ${got.filter((s) => s.type !== "document").map((s) => `${new URL(s.url).pathname} ${kb(s.gz)}`).join(", ")}`);
    console.log(`weight ${site.site} ${p.type}: HTML ${kb(html)}, CSS+JS ${kb(assets)} gzipped`);
  }
  await page.close();
}

const offsite = [];
for (const width of WIDTHS) {
  for (const site of SITES) {
    const origin = new URL(site.base).origin;
    const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, locale: "zh-CN" });
    // Anything outside the served origin is recorded and refused.
    await context.route("**/*", (route) => {
      const u = route.request().url();
      if (u.startsWith(origin + "/") || u.startsWith("data:") || u.startsWith("blob:")) return route.continue();
      offsite.push(`${u} (from ${route.request().frame()?.url() ?? "?"})`);
      return route.abort();
    });
    for (const p of site.pages) {
      try {
        await checkPage(context, site, p, width, width === WIDTHS[0]);
      } catch (e) {
        fail(`${site.site} ${p.type} ${width}px`, "error", e.message.split("\n")[0]);
      }
    }
    await context.close();
  }
}
await browser.close();
if (offsite.length) fail("all", "offsite", [...new Set(offsite)].join(", "));
else ok("no request left the served origin");

console.log(`${checks} passed, ${failures.length} failed; screenshots in ${SHOTS}`);
if (failures.length) {
  console.log("\nfailures:\n" + failures.join("\n"));
  process.exit(1);
}
