// End-to-end test of a built regionpress site in headless Chromium.
//
// Run by tests/it/e2e.rs, which builds the sites, serves them with nginx and
// passes these variables:
//   SITE_URL        the site under a sub-path, e.g. http://127.0.0.1:PORT/party/
//   REL_SITE_URL    the same site built with relative_urls: true (optional)
//   CORPUS_URL      a generated corpus of a few thousand reports (optional)
//   SCREENSHOTS     folder for PNG screenshots
//   TOKENS_JSON     Rust tokenizer output for sample queries (optional)
//   CHROMIUM        browser binary (default /usr/bin/chromium)
// Prints one line per check and exits non-zero on the first failure.

import { chromium } from "playwright-core";
import { createRequire } from "node:module";
import { mkdirSync, readFileSync } from "node:fs";
import assert from "node:assert/strict";
import path from "node:path";

const require = createRequire(import.meta.url);
const SITE = process.env.SITE_URL;
const REL = process.env.REL_SITE_URL;
const CORPUS = process.env.CORPUS_URL;
const SHOTS = process.env.SCREENSHOTS || "screenshots";
const origin = new URL(SITE).origin;
const WIDTHS = [1280, 390];

// Pages reached by following links from the home page. Each entry names the
// link to click (a CSS selector on the home page) and the path it must lead
// to; `shot` saves screenshots of the page reached. A new kind of page is one
// more line here.
const LINKS = [
  { name: "showcase", selector: ".region-card-title a", expect: /\/regions\/[^/]+\/$/, shot: true },
  { name: "bulletin", selector: "a.entry-item-title[href*='/bulletins/']", expect: /\/bulletins\/[^/]+\/[^/]+\/$/, shot: true },
  { name: "dashboard", selector: "a[href$='/dashboard/']", expect: /\/dashboard\/$/, shot: true },
  { name: "report", selector: ".home-main .entry-title a", expect: /\/reports\/[^/]+\/$/, shot: true },
  { name: "class", selector: ".home-side .entry-item-title[href*='/classes/']", expect: /\/classes\/[^/]+\/$/ },
  { name: "regions", selector: ".mainnav a[href$='/regions/']", expect: /\/regions\/$/ },
  { name: "search page", selector: "form.site-search", submit: "党建", expect: /\/search\/\?q=/ },
];

const problems = [];
const offsite = [];
let checks = 0;
function ok(msg) {
  checks++;
  console.log(`ok ${checks} - ${msg}`);
}

setTimeout(() => {
  console.error("timed out after 150 s");
  process.exit(1);
}, 150_000).unref();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

async function newPage(width) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, locale: "zh-CN" });
  // Anything outside the served origin is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + "/") || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on("requestfailed", (r) => {
    // ERR_ABORTED: the page moved on (navigation, a newer query) before the response came.
    if (!offsite.includes(r.url()) && r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  return page;
}

async function goto(page, url) {
  const res = await page.goto(url, { waitUntil: "load" });
  assert.equal(res.status(), 200, `${url}: HTTP ${res.status()}`);
  await imagesLoaded(page);
}

async function imagesLoaded(page) {
  const broken = await page.$$eval("img", (imgs) => imgs.filter((i) => i.complete && i.naturalWidth === 0).map((i) => i.src));
  assert.deepEqual(broken, [], `broken images on ${page.url()}`);
}

async function shot(page, name, width) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

/* Waits until the search page has finished (results, none, or the prompt). */
async function searchSettled(page) {
  await page.waitForFunction(() => {
    const l = document.getElementById("search-results");
    return l && ["done", "empty", "idle", "error"].includes(l.dataset.state);
  });
  return page.evaluate(() => {
    const l = document.getElementById("search-results");
    return {
      state: l.dataset.state,
      count: Number(l.dataset.count || 0),
      status: document.getElementById("search-status").textContent,
      titles: [...l.querySelectorAll(".search-result-title a")].map((a) => a.textContent),
      hrefs: [...l.querySelectorAll(".search-result-title a")].map((a) => a.getAttribute("href")),
      marks: [...l.querySelectorAll("mark")].map((m) => m.textContent),
      url: location.href,
    };
  });
}

async function typeQuery(page, q) {
  // Typing (not just filling) exercises search-as-you-type.
  await page.fill("#search-q", "");
  await page.locator("#search-q").pressSequentially(q, { delay: 10 });
  await page.waitForFunction((q) => new URLSearchParams(location.search).get("q") === q, q);
  return searchSettled(page);
}

// ---- tokenizer parity with the Rust index ----
if (process.env.TOKENS_JSON) {
  const { query } = require(path.resolve(process.env.SEARCH_JS));
  const cases = JSON.parse(readFileSync(process.env.TOKENS_JSON, "utf8"));
  for (const [q, expected] of cases) assert.deepEqual(query(q), expected, `tokens of ${JSON.stringify(q)}`);
  ok(`browser tokenizer matches the index tokenizer on ${cases.length} queries`);
}

for (const width of WIDTHS) {
  const page = await newPage(width);
  await goto(page, SITE);
  assert.ok(await page.locator("form.site-search input[name=q]").isVisible(), "search box in the header");
  await shot(page, "home", width);
  ok(`home at ${width} px`);

  for (const link of LINKS) {
    await goto(page, SITE);
    if (link.submit) {
      await page.fill(`${link.selector} input[name=q]`, link.submit);
      await Promise.all([page.waitForURL(link.expect), page.press(`${link.selector} input[name=q]`, "Enter")]);
    } else {
      const a = page.locator(link.selector).first();
      assert.ok((await a.count()) > 0, `no link ${link.selector} on the home page`);
      await Promise.all([page.waitForURL(link.expect), a.click()]);
    }
    await page.waitForLoadState("load");
    await imagesLoaded(page);
    assert.ok(new URL(page.url()).pathname.startsWith(new URL(SITE).pathname), `${page.url()} left the sub-path`);
    if (link.shot) await shot(page, link.name, width);
    ok(`home -> ${link.name} (${new URL(page.url()).pathname}) at ${width} px`);
  }

  // Search: a substring inside a word, mixed Latin and Han, one character, nothing.
  await goto(page, `${SITE}search/?q=${encodeURIComponent("内网")}`);
  let r = await searchSettled(page);
  assert.equal(r.state, "done", `内网: ${r.status}`);
  assert.ok(r.hrefs.some((h) => h.includes("/reports/e2e-intranet/")), `内网 finds the page with 在内网上: ${r.titles}`);
  assert.ok(r.marks.includes("内网"), "内网 is highlighted");
  await shot(page, "search", width);
  ok(`"内网" finds "在内网上" (${r.count} results) at ${width} px`);

  if (width !== WIDTHS[0]) {
    await page.context().close();
    continue;
  }

  r = await typeQuery(page, "5G基站");
  assert.equal(r.state, "done", `5G基站: ${r.status}`);
  assert.equal(r.hrefs[0] && r.hrefs[0].includes("/reports/e2e-intranet/"), true, `5G基站 ranks the exact page first: ${r.titles}`);
  assert.ok(r.marks.some((m) => m.toUpperCase() === "5G基站"), `5G基站 highlighted whole: ${r.marks}`);
  ok(`"5G基站" (typed) finds the page (${r.count} results), URL ${new URL(r.url).search}`);

  r = await typeQuery(page, "党");
  assert.equal(r.state, "done", `党: ${r.status}`);
  assert.ok(r.count > 10, `党: ${r.count}`);
  ok(`one character "党": ${r.count} results`);

  await page.click("#search-more");
  await page.waitForFunction(() => document.querySelectorAll(".search-result").length > 10);
  assert.ok(await page.evaluate(() => document.activeElement.closest(".search-result") !== null), "focus moves to the new results");
  ok("more results on demand, focus on the first new one");

  r = await typeQuery(page, "查无此词zzqx");
  assert.equal(r.state, "empty");
  assert.equal(r.count, 0);
  assert.match(r.status, /没有找到/);
  ok(`no result says so: "${r.status}"`);

  // Filters narrow the results and go into the URL.
  r = await typeQuery(page, "党建");
  const all = r.count;
  await page.selectOption("#search-region", { index: 1 });
  const regionName = await page.$eval("#search-region", (s) => s.selectedOptions[0].textContent);
  await page.waitForFunction(() => new URLSearchParams(location.search).has("region"));
  r = await searchSettled(page);
  assert.ok(r.count > 0 && r.count < all, `region filter: ${r.count} of ${all}`);
  const short = regionName.replace("片区", "");
  const badges = await page.$$eval(".search-result", (lis) => lis.map((li) => [...li.querySelectorAll(".badge-region")].map((b) => b.textContent)));
  assert.ok(badges.every((b) => b.some((x) => regionName.startsWith(x) || x === short)), `every result is in ${regionName}: ${JSON.stringify(badges)}`);
  await page.selectOption("#search-region", "");
  ok(`region filter (${regionName}): ${r.count} of ${all}`);

  // Keyboard: arrow down from the field to the first result, Enter opens it.
  await page.selectOption("#search-year", { index: 1 });
  r = await searchSettled(page);
  await page.focus("#search-q");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
  assert.equal(focused, r.hrefs[0], "ArrowDown focuses the first result");
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/search/")), page.keyboard.press("Enter")]);
  await page.waitForLoadState("load");
  ok(`keyboard: ArrowDown + Enter opens ${new URL(page.url()).pathname}`);

  // The live region is labelled for assistive technology.
  await goto(page, `${SITE}search/`);
  const a11y = await page.evaluate(() => ({
    live: document.getElementById("search-status").getAttribute("aria-live"),
    label: document.querySelector("label[for=search-q]") !== null,
    selects: [...document.querySelectorAll(".search-filters select")].every((s) => document.querySelector(`label[for=${s.id}]`)),
  }));
  assert.deepEqual(a11y, { live: "polite", label: true, selects: true });
  ok("labels and a polite live region");
  await page.context().close();
}

// The same site with relative_urls: true.
if (REL) {
  const page = await newPage(1280);
  await goto(page, REL);
  await page.fill("form.site-search input[name=q]", "内网");
  await Promise.all([page.waitForURL(/search\/index\.html\?q=/), page.press("form.site-search input[name=q]", "Enter")]);
  const r = await searchSettled(page);
  assert.equal(r.state, "done", `relative: ${r.status}`);
  const target = r.hrefs.find((h) => h.includes("/reports/e2e-intranet/"));
  assert.ok(target && target.endsWith("/index.html"), `relative result link: ${r.hrefs}`);
  await goto(page, target);
  ok(`relative_urls site: search works and result links open (${new URL(target).pathname})`);
  await page.context().close();
}

// A corpus large enough for frequent tokens to have files of their own:
// results, contiguous matches first, and the transfer budget of a query.
if (CORPUS) {
  for (const q of ["党建", "安全生产", "技术难题攻关"]) {
    const page = await newPage(1280);
    const files = [];
    page.on("requestfinished", (req) => {
      if (new URL(req.url()).pathname.includes("/search/") && req.resourceType() !== "document") files.push(req.sizes().then((s) => [req.url(), s.responseBodySize + s.responseHeadersSize]));
    });
    await goto(page, `${CORPUS}search/?q=${encodeURIComponent(q)}`);
    const r = await searchSettled(page);
    await page.waitForLoadState("networkidle");
    const got = await Promise.all(files);
    const bytes = got.reduce((a, f) => a + f[1], 0);
    assert.equal(r.state, "done", `${q}: ${r.status}`);
    assert.ok(r.marks.includes(q), `${q} highlighted whole in the first results: ${r.marks.slice(0, 5)}`);
    assert.ok(got.some((f) => f[0].includes("/search/t/")), `${q} read a large-token file`);
    if (Array.from(q).length <= 4) assert.ok(bytes < 150 * 1024, `${q}: ${bytes} bytes`);
    ok(`corpus: "${q}" ${r.count} results, ${(bytes / 1024).toFixed(1)} KB in ${got.length} files`);
    await page.context().close();
  }
}

await browser.close();
assert.deepEqual(offsite, [], "requests outside the served origin");
ok("no request left the served origin");
assert.deepEqual(problems, [], "console errors, script errors or failed requests");
ok("no console error, script error or failed request");
console.log(`${checks} passed, 0 failed`);
