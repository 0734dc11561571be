// A report's gallery in headless Chromium, at a phone's width:
// the images fetched on first view stay under 1.5 MB (the thumbnails'
// srcset and lazy loading), the viewer opens on a thumbnail, pages with the
// arrow keys and a swipe, closes with Esc and gives the focus back; axe-core
// finds no serious violation with it open; without JavaScript a thumbnail
// is a plain link to its photo. The issue printing the gallery's first
// photos is screenshot too.
//
// Run by tests/it/e2e.rs (`a_gallery_works_in_a_real_browser`), which builds
// the example site, serves it with nginx and passes:
//   REPORT_URL   the report with nine photos
//   ISSUE_URL    the bulletin issue that prints three of them
//   SCREENSHOTS  folder for the PNG screenshots (gallery-*.png)
//   CHROMIUM     browser binary (default /usr/bin/chromium)

import { createRequire } from "node:module";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ok, passed, deadline, launch } from "./harness.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const REPORT = process.env.REPORT_URL;
const ISSUE = process.env.ISSUE_URL;
const SHOTS = process.env.SCREENSHOTS || "screenshots";
const BUDGET = 1.5 * 1024 * 1024;
mkdirSync(SHOTS, { recursive: true });
deadline(300);

function check(cond, msg) {
  if (!cond) throw new Error(`FAIL ${msg}`);
  ok(msg);
}

const browser = await launch();
const phone = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
try {
  // First view at 390 px: every image response counted, by its bytes.
  const ctx = await browser.newContext(phone);
  const page = await ctx.newPage();
  const images = [];
  page.on("response", async (r) => {
    if (r.request().resourceType() !== "image") return;
    try {
      images.push({ url: r.url(), bytes: (await r.body()).length });
    } catch {}
  });
  await page.goto(REPORT, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  const total = images.reduce((s, i) => s + i.bytes, 0);
  console.log(`# first view: ${images.length} images, ${total} bytes`);
  for (const i of images) console.log(`#   ${i.bytes}  ${decodeURI(new URL(i.url).pathname)}`);
  check(total < BUDGET, `first view at 390 px fetches ${(total / 1024).toFixed(0)} KiB of images, under 1.5 MB`);
  const thumbs = await page.$$eval(".gallery img", (imgs) => imgs.map((i) => ({ lazy: i.loading, w: i.getAttribute("width"), h: i.getAttribute("height"), srcset: !!i.srcset })));
  check(thumbs.length === 9, "the report shows nine thumbnails");
  check(thumbs.every((t) => t.lazy === "lazy" && t.w && t.h && t.srcset), "every thumbnail is lazy, sized, with a srcset");
  await page.screenshot({ path: path.join(SHOTS, "gallery-report-390.png"), fullPage: true });

  // The viewer: opens on the second thumbnail, arrows page, Esc closes.
  const links = await page.$$eval(".gallery a.gallery-link", (as) => as.map((a) => ({ href: a.href, caption: a.dataset.caption || "" })));
  const caption = () => page.$eval("dialog.gallery-viewer figcaption", (f) => f.textContent);
  const shown = () => page.$eval("dialog.gallery-viewer img", (i) => i.src);
  await page.locator(".gallery a.gallery-link").nth(1).click();
  await page.waitForSelector("dialog.gallery-viewer[open]");
  check((await shown()) === links[1].href && (await caption()) === links[1].caption, "a thumbnail opens its photo and caption in the viewer");
  await page.waitForFunction(() => { const i = document.querySelector("dialog.gallery-viewer img"); return i.complete && i.naturalWidth > 0; });
  await page.screenshot({ path: path.join(SHOTS, "gallery-viewer-390.png") });
  // axe-core with the viewer open.
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")) }));
  });
  for (const v of violations) console.log(`# axe ${v.id} (${v.impact}): ${v.nodes.slice(0, 4).join(" | ")}`);
  check(!violations.some((v) => v.impact === "serious" || v.impact === "critical"), `axe-core: no serious violation with the viewer open (${violations.length} of lesser impact)`);
  await page.keyboard.press("ArrowRight");
  check((await shown()) === links[2].href && (await caption()) === links[2].caption, "ArrowRight shows the next photo");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  check((await shown()) === links[0].href, "ArrowLeft pages back");
  await page.keyboard.press("ArrowLeft");
  check((await shown()) === links[8].href, "ArrowLeft from the first photo goes round to the last");
  // A swipe to the left shows the next photo.
  await page.evaluate(() => {
    const d = document.querySelector("dialog.gallery-viewer");
    const touch = (x) => new Touch({ identifier: 1, target: d, clientX: x, clientY: 400 });
    d.dispatchEvent(new TouchEvent("touchstart", { touches: [touch(300)], changedTouches: [touch(300)], bubbles: true }));
    d.dispatchEvent(new TouchEvent("touchend", { touches: [], changedTouches: [touch(120)], bubbles: true }));
  });
  check((await shown()) === links[0].href, "a swipe to the left shows the next photo");
  const box = await page.locator("dialog.gallery-viewer .gallery-next").boundingBox();
  check(box && box.width >= 44 && box.height >= 44, "the viewer's buttons are at least 44 px (touch targets)");
  await page.keyboard.press("Escape");
  check(!(await page.$("dialog.gallery-viewer[open]")), "Esc closes the viewer");
  const focused = await page.evaluate(() => document.activeElement && document.activeElement.href);
  check(focused === links[1].href, "the focus goes back to the thumbnail that opened it");
  await ctx.close();

  // Without JavaScript: a thumbnail is a link to the photo itself.
  const plain = await browser.newContext({ ...phone, javaScriptEnabled: false });
  const p2 = await plain.newPage();
  await p2.goto(REPORT);
  const [resp] = await Promise.all([p2.waitForNavigation(), p2.locator(".gallery a.gallery-link").first().click()]);
  check(resp && resp.ok() && (resp.headers()["content-type"] || "").startsWith("image/jpeg") && p2.url() === links[0].href, "without JavaScript a thumbnail opens its photo");
  await plain.close();

  // The issue that prints three of the photos, on screen.
  for (const width of [390, 1366]) {
    const c = await browser.newContext({ viewport: { width, height: 900 } });
    const p = await c.newPage();
    await p.goto(ISSUE, { waitUntil: "networkidle" });
    const n = await p.$$eval(".bulletin-gallery img", (imgs) => imgs.length);
    check(n === 3, `the issue shows three photos of the gallery at ${width} px`);
    await p.locator(".bulletin-gallery").scrollIntoViewIfNeeded();
    await p.waitForTimeout(300);
    await p.screenshot({ path: path.join(SHOTS, `gallery-issue-${width}.png`), fullPage: true });
    await c.close();
  }
  console.log(`# ${passed()} checks passed`);
} finally {
  await browser.close();
}
