/* regionpress default theme: optional niceties; every page works without it. */
(function () {
  "use strict";
  var d = document;
  function ready(fn) {
    if (d.readyState !== "loading") fn(); else d.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    d.documentElement.classList.add("js");
    placeColophon();
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
