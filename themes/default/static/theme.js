/* regionpress default theme: optional niceties; every page works without it. */
(function () {
  "use strict";
  var d = document;
  function ready(fn) {
    if (d.readyState !== "loading") fn(); else d.addEventListener("DOMContentLoaded", fn);
  }
  ready(function () {
    d.documentElement.classList.add("js");
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
})();
