/* regionpress default theme: optional niceties; every page works without it. */
(function () {
  "use strict";
  var d = document;
  // The reader's text size (大/中/小, see textSize below), set on <html>
  // while the page is still being read in, so that it is drawn at that size.
  try {
    var saved = localStorage.getItem("regionpress-text-size");
    if (saved === "small" || saved === "large") d.documentElement.setAttribute("data-text-size", saved);
  } catch (e) { /* storage refused: the default size */ }
  function ready(fn) {
    if (d.readyState !== "loading") fn(); else d.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    d.documentElement.classList.add("js");
    placeColophon();
    textSize();
    scrollHints();
    // Wide tables: wrap them so they scroll inside their own box and can be
    // reached with the keyboard. Scrollable code blocks get keyboard focus too.
    var tables = d.querySelectorAll(".prose table");
    for (var i = 0; i < tables.length; i++) {
      var t = tables[i];
      if (t.parentNode.classList.contains("table-scroll")) continue;
      var w = d.createElement("div");
      w.className = "table-scroll";
      t.parentNode.insertBefore(w, t);
      w.appendChild(t);
      if (w.scrollWidth > w.clientWidth) w.tabIndex = 0;
    }
    var pres = d.querySelectorAll(".prose pre");
    for (var j = 0; j < pres.length; j++) {
      if (pres[j].scrollWidth > pres[j].clientWidth) pres[j].tabIndex = 0;
    }
    // Table of contents: mark the section being read.
    var toc = d.querySelector(".toc");
    if (!toc || !("IntersectionObserver" in window)) return;
    var links = toc.querySelectorAll("a[href^='#']");
    var map = {};
    var heads = [];
    for (var k = 0; k < links.length; k++) {
      var id = decodeURIComponent(links[k].getAttribute("href").slice(1));
      var h = d.getElementById(id);
      if (h) { map[id] = links[k]; heads.push(h); }
    }
    var current = null;
    var io = new IntersectionObserver(function (entries) {
      entries.forEach(function (e) {
        if (!e.isIntersecting) return;
        if (current) current.classList.remove("is-active");
        current = map[e.target.id];
        if (current) current.classList.add("is-active");
      });
    }, { rootMargin: "0px 0px -70% 0px" });
    heads.forEach(function (h) { io.observe(h); });
  });
  // The text-size control (大/中/小) in the header: hidden without this
  // script, where the default size applies; the choice is kept in
  // localStorage and applied by the first lines of this script on every page.
  function textSize() {
    var box = d.querySelector(".text-size");
    if (!box) return;
    var root = d.documentElement;
    var buttons = box.querySelectorAll("button[data-text-size]");
    function show(size) {
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-text-size") === size ? "true" : "false");
      }
    }
    show(root.getAttribute("data-text-size") || "medium");
    box.addEventListener("click", function (e) {
      var b = e.target.closest ? e.target.closest("button[data-text-size]") : null;
      if (!b) return;
      var size = b.getAttribute("data-text-size");
      if (size === "medium") root.removeAttribute("data-text-size"); else root.setAttribute("data-text-size", size);
      try { if (size === "medium") localStorage.removeItem("regionpress-text-size"); else localStorage.setItem("regionpress-text-size", size); } catch (err) { /* private mode: this page only */ }
      show(size);
    });
    box.hidden = false;
  }
  // "表格可左右滑动" above a table is shown only while the table overflows
  // its box (without this script it is always shown).
  function scrollHints() {
    var hints = d.querySelectorAll(".scroll-hint");
    function check() {
      for (var i = 0; i < hints.length; i++) {
        var box = hints[i].nextElementSibling;
        if (box) hints[i].classList.toggle("is-static", box.scrollWidth <= box.clientWidth + 1);
      }
    }
    if (!hints.length) return;
    check();
    window.addEventListener("resize", check);
  }
  // A bulletin's 报尾 (distribution block) sits at the foot of its last
  // printed page, as on a paper 简报: when the page is laid out for print,
  // the space left on the last page goes above it. The type area is
  // 156 × 225 mm (@page bulletin in regional.css); the width measured
  // tells that the print layout is the one in effect (a browser that
  // keeps the screen layout while printing gets the block where it is).
  function placeColophon() {
    var foot = d.querySelector(".bulletin-colophon");
    var sheet = d.querySelector(".bulletin");
    if (!foot || !sheet || !window.matchMedia) return;
    var print = window.matchMedia("print");
    var mm = 96 / 25.4;
    function place() {
      foot.style.marginTop = "";
      if (!print.matches || Math.abs(sheet.getBoundingClientRect().width - 156 * mm) > 2) return;
      var page = 225 * mm;
      var origin = d.documentElement.getBoundingClientRect().top;
      var bottom = foot.getBoundingClientRect().bottom - origin;
      var left = Math.ceil(bottom / page - 0.001) * page - bottom - 2;
      if (left > 0) foot.style.marginTop = (parseFloat(getComputedStyle(foot).marginTop) + left) + "px";
    }
    if (print.addEventListener) print.addEventListener("change", place);
  }
})();
