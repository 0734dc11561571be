/* regionpress search: reads the sharded index that `regionpress build` writes
   under search/ (format and ranking: docs/search.md). The tokenizer mirrors
   src/search/tokenize.rs rule for rule; tests/it/e2e.rs compares the two.
   No request leaves the site: every URL is built from this script's own. */
(function () {
  "use strict";
  var MAX_WORD = 24, MAX_PREFIX = 12, PAGE = 10, TITLE_BOOST = 3;
  var HAN = /^[\u3007\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\u{20000}-\u{323AF}]$/u;
  var WORD = /^[\p{Alphabetic}\p{N}]$/u;

  // ---- tokenizer (same rules as the index) ----
  function narrow(c) {
    var n = c.codePointAt(0);
    return n >= 0xFF01 && n <= 0xFF5E ? String.fromCodePoint(n - 0xFEE0) : c;
  }
  function cls(c) { return HAN.test(c) ? 1 : WORD.test(c) ? 2 : 0; }
  function lower(c) { return c.toLowerCase(); }
  function isUnigram(t) { var a = Array.from(t); return a.length === 1 && HAN.test(a[0]); }
  function hasMask(t) { return t.charAt(0) !== "#" && !isUnigram(t); }

  /* The query as phrases (runs without separators) of {token, offset}. */
  function query(q) {
    var ch = Array.from(q, narrow), n = ch.length, out = [], i = 0;
    var open = n > 0 && cls(ch[n - 1]) !== 0;
    while (i < n) {
      if (cls(ch[i]) === 0) { i++; continue; }
      var start = i, phrase = [];
      while (i < n && cls(ch[i]) !== 0) {
        var rs = i, k = cls(ch[i]);
        while (i < n && cls(ch[i]) === k) i++;
        var off = rs - start, run = ch.slice(rs, i);
        if (k === 1) {
          if (run.length === 1) phrase.push({ token: run[0], offset: off });
          else for (var j = 0; j + 1 < run.length; j++) phrase.push({ token: run[j] + run[j + 1], offset: off + j });
        } else {
          var tok = run.slice(0, MAX_WORD).map(lower).join("");
          if (i === n && open) tok = Array.from(tok).slice(0, MAX_PREFIX).join("") + "*";
          phrase.push({ token: tok, offset: off });
        }
      }
      out.push(phrase);
    }
    return out;
  }

  var api = { query: query, hash: hash };
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document === "undefined") return;

  // ---- index access ----
  function hash(s) {
    var b = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  function varint(r) {
    var v = 0, s = 1, b;
    do { b = r.b[r.p++]; v += (b & 127) * s; s *= 128; } while (b & 128);
    return v;
  }
  var dec = new TextDecoder();
  function parseShard(buf) {
    var r = { b: new Uint8Array(buf), p: 0 }, n = varint(r), m = new Map();
    for (var i = 0; i < n; i++) {
      var tl = varint(r), tok = dec.decode(r.b.subarray(r.p, r.p + tl));
      r.p += tl;
      var dv = varint(r), pl = varint(r), b = r.b.subarray(r.p, r.p + pl);
      // dv = df * 4 + large * 2 + dense; a large token's entry names its own file.
      m.set(tok, { df: Math.floor(dv / 4), dense: dv % 2 === 1, large: dv % 4 >= 2 ? varint({ b: b, p: 0 }) : -1, b: b });
      r.p += pl;
    }
    return m;
  }
  /* Postings of one token: Map doc id -> [weight byte, mask]. Document ids
     come as deltas, or for frequent tokens as a bitmap of all documents. */
  function decode(tok, e) {
    var r = { b: e.b, p: 0 }, mask = hasMask(tok), doc = 0, m = new Map();
    function put(id) { var w = r.b[r.p++]; m.set(id, [w, mask ? r.b[r.p++] : 255]); }
    if (e.dense) {
      var n = Math.ceil(manifest.docs / 8);
      r.p = n;
      for (var i = 0; i < n; i++) for (var k = 0; k < 8; k++) if (e.b[i] & (1 << k)) put(i * 8 + k);
    } else {
      for (var j = 0; j < e.df; j++) { doc += varint(r); put(doc); }
    }
    m.df = e.df;
    return m;
  }

  var script = document.currentScript;
  var root = new URL(".", script ? script.src : location.href).href;
  var manifest = null, files = new Map(), tokens = new Map(), docs = new Map();

  function get(path, kind) {
    var url = root + path + (manifest ? "?v=" + manifest.version : "");
    return fetch(url, { credentials: "same-origin", cache: manifest ? "default" : "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return kind === "json" ? r.json() : r.arrayBuffer();
    });
  }
  function file(path) {
    if (!files.has(path)) files.set(path, get(path, "bin").then(parseShard));
    return files.get(path);
  }
  function token(t) {
    if (!tokens.has(t)) {
      tokens.set(t, file("search/s/" + (hash(t) % manifest.shards) + ".bin").then(function (m) {
        var e = m.get(t);
        if (!e) return null;
        if (e.large < 0) return decode(t, e);
        return file("search/t/" + e.large + ".bin").then(function (l) { return decode(t, l.get(t)); });
      }));
    }
    return tokens.get(t);
  }
  function doc(id) {
    if (!docs.has(id)) docs.set(id, get("search/d/" + Math.floor(id / manifest.docs_per_folder) + "/" + id + ".json", "json"));
    return docs.get(id);
  }
  function link(path) {
    return root + path.slice(1) + (manifest.relative && path.slice(-1) === "/" ? "index.html" : "");
  }

  // ---- matching and ranking ----
  function idf(df) { var n = manifest.docs; return Math.log(1 + (n - df + 0.5) / (df + 0.5)); }
  function aligned(phrase, id, lists) {
    if (phrase.length < 2) return true;
    var bits = manifest.mask_bits;
    for (var r = 0; r < bits; r++) {
      var ok = true;
      for (var i = 0; ok && i < phrase.length; i++) {
        ok = ((lists[phrase[i].token].get(id)[1] >> ((r + phrase[i].offset) % bits)) & 1) === 1;
      }
      if (ok) return true;
    }
    return false;
  }
  /* Ranked document ids for a query and filters {region, mode, year}. */
  function search(q, f) {
    var phrases = query(q), names = [];
    phrases.forEach(function (p) { p.forEach(function (t) { if (names.indexOf(t.token) < 0) names.push(t.token); }); });
    var filters = [];
    var ri = manifest.regions.findIndex(function (r) { return r.id === f.region; });
    var mi = manifest.modes.findIndex(function (m) { return m.id === f.mode; });
    if (ri >= 0) filters.push("#r:" + ri);
    if (mi >= 0) filters.push("#m:" + mi);
    var range = null;
    if (f.year) {
      var y = manifest.years.find(function (x) { return String(x[0]) === f.year; });
      range = y ? [y[1], y[2]] : [0, 0];
    }
    if (!names.length && !filters.length && !range) return Promise.resolve(null);
    return Promise.all(names.concat(filters).map(token)).then(function (all) {
      if (all.some(function (m) { return !m; })) return [];
      var lists = {}, filt = all.slice(names.length);
      names.forEach(function (n, i) { lists[n] = all[i]; });
      var terms = names.map(function (n) { return lists[n]; }).concat(filt);
      var driver;
      if (terms.length) {
        driver = terms.reduce(function (a, b) { return a.size <= b.size ? a : b; });
        driver = Array.from(driver.keys());
      } else {
        driver = [];
        for (var d = range[0]; d < range[1]; d++) driver.push(d);
      }
      var hits = [];
      driver.forEach(function (id) {
        if (range && (id < range[0] || id >= range[1])) return;
        for (var i = 0; i < terms.length; i++) if (!terms[i].has(id)) return;
        var score = 0, title = names.length > 0;
        names.forEach(function (n) {
          var w = lists[n].get(id)[0], inTitle = (w & 128) !== 0;
          title = title && inTitle;
          score += idf(lists[n].df) * (w & 127) / 127 * (inTitle ? TITLE_BOOST : 1);
        });
        var whole = phrases.every(function (p) { return aligned(p, id, lists); });
        hits.push({ id: id, tier: (title ? 2 : 0) + (whole ? 1 : 0), score: score });
      });
      hits.sort(function (a, b) { return b.tier - a.tier || b.score - a.score || a.id - b.id; });
      return hits.map(function (h) { return h.id; });
    });
  }

  // ---- snippets and highlighting ----
  function norm(s) { return Array.from(s, function (c) { var l = narrow(c).toLowerCase(); return Array.from(l).length === 1 ? l : c; }); }
  /* What to highlight: each phrase as typed, and its tokens for scattered matches. */
  function needles(q) {
    var out = [];
    query(q).forEach(function (p) {
      var whole = [];
      p.forEach(function (t) {
        var s = Array.from(t.token.replace(/\*$/, ""));
        whole = whole.slice(0, t.offset).concat(s);
        out.push(s);
      });
      out.unshift(whole);
    });
    return out.filter(function (n) { return n.length; });
  }
  function marks(chars, ns) {
    var m = new Array(chars.length).fill(false);
    ns.forEach(function (n) {
      for (var i = 0; i + n.length <= chars.length; i++) {
        var ok = true;
        for (var j = 0; ok && j < n.length; j++) ok = chars[i + j] === n[j];
        if (ok) for (var k = 0; k < n.length; k++) m[i + k] = true;
      }
    });
    return m;
  }
  function highlight(el, text, ns, from, to) {
    var orig = Array.from(text), m = marks(norm(text), ns);
    from = from || 0;
    to = to === undefined ? orig.length : to;
    var i = from;
    while (i < to) {
      var j = i;
      while (j < to && m[j] === m[i]) j++;
      var s = orig.slice(i, j).join("");
      if (m[i]) { var mk = document.createElement("mark"); mk.textContent = s; el.appendChild(mk); }
      else el.appendChild(document.createTextNode(s));
      i = j;
    }
  }
  function snippet(el, text, ns) {
    text = text.replace(/\s+/g, " ");
    var chars = norm(text), first = -1;
    for (var k = 0; k < ns.length && first < 0; k++) {
      var m = marks(chars, [ns[k]]);
      first = m.indexOf(true);
    }
    var from = Math.max(0, first - 30), to = Math.min(chars.length, from + 120);
    if (first < 0) { from = 0; to = Math.min(chars.length, 120); }
    if (from > 0) el.appendChild(document.createTextNode("…"));
    highlight(el, text, ns, from, to);
    if (to < chars.length) el.appendChild(document.createTextNode("…"));
  }

  // ---- the page ----
  function $(id) { return document.getElementById(id); }
  function start() {
    var box = $("search");
    if (!box) return;
    var form = $("search-form"), input = $("search-q"), status = $("search-status"), list = $("search-results"),
      more = $("search-more"), sel = { region: $("search-region"), mode: $("search-mode"), year: $("search-year") };
    var t = box.dataset, baseTitle = document.title, seq = 0, ids = [], shown = 0, ns = [], timer = 0;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    Object.keys(sel).forEach(function (k) { if (sel[k]) sel[k].value = params.get(k) || ""; });

    function say(text, state) { status.textContent = text; list.dataset.state = state; }
    function filters() { return { region: sel.region ? sel.region.value : "", mode: sel.mode ? sel.mode.value : "", year: sel.year ? sel.year.value : "" }; }
    function sync(q, f) {
      var p = new URLSearchParams();
      if (q) p.set("q", q);
      Object.keys(f).forEach(function (k) { if (f[k]) p.set(k, f[k]); });
      var s = p.toString();
      history.replaceState(null, "", s ? "?" + s : location.pathname);
      document.title = q ? q + " · " + baseTitle : baseTitle;
    }
    function item(d, id) {
      var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
      li.className = "search-result";
      h.className = "search-result-title";
      a.href = link(d.u);
      a.dataset.doc = id;
      highlight(a, d.t, ns);
      h.appendChild(a);
      li.appendChild(h);
      var meta = document.createElement("div");
      meta.className = "meta";
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = t["kind" + d.k.charAt(0).toUpperCase() + d.k.slice(1)] || d.k;
      meta.appendChild(kind);
      if (d.d) { var tm = document.createElement("time"); tm.dateTime = d.d; tm.textContent = d.dd; meta.appendChild(tm); }
      var badges = document.createElement("span");
      badges.className = "meta-badges";
      d.r.forEach(function (i) {
        var r = manifest.regions[i], b = document.createElement("a");
        if (!r) return;
        b.className = "badge badge-region";
        b.href = link(r.url);
        b.style.setProperty("--accent", r.color);
        b.style.setProperty("--on-accent", r.text);
        b.textContent = r.short || r.name;
        badges.appendChild(b);
      });
      d.m.forEach(function (i) {
        var m = manifest.modes[i], b = document.createElement("a");
        if (!m) return;
        b.className = "badge badge-mode";
        b.href = link("/modes/" + m.id + "/");
        b.textContent = m.name;
        badges.appendChild(b);
      });
      if (badges.firstChild) meta.appendChild(badges);
      li.appendChild(meta);
      if (d.x) { var p = document.createElement("p"); p.className = "search-snippet"; snippet(p, d.x, ns); li.appendChild(p); }
      return li;
    }
    function showMore(focus) {
      var mine = seq, batch = ids.slice(shown, shown + PAGE);
      return Promise.all(batch.map(doc)).then(function (ds) {
        if (mine !== seq) return;
        var first = null;
        ds.forEach(function (d, i) { var li = item(d, batch[i]); first = first || li; list.appendChild(li); });
        shown += batch.length;
        more.hidden = shown >= ids.length;
        if (focus && first) first.querySelector("a").focus();
      });
    }
    function run() {
      var q = input.value.trim(), f = filters(), mine = ++seq;
      clearTimeout(timer);
      sync(q, f);
      ns = needles(q);
      if (!manifest) return;
      say(t.loading, "loading");
      search(q, f).then(function (found) {
        if (mine !== seq) return;
        list.textContent = "";
        ids = found || [];
        shown = 0;
        more.hidden = true;
        list.dataset.count = ids.length;
        if (found === null) { say(t.prompt, "idle"); return; }
        if (!ids.length) {
          say((q ? t.none.replace("{q}", q) + " " : "") + t.noneHint, "empty");
          return;
        }
        return showMore(false).then(function () {
          if (mine !== seq) return;
          say(ids.length === 1 ? t.resultsOne : t.results.replace("{n}", ids.length), "done");
          if (window.performance && performance.mark) performance.mark("search-done");
        });
      }).catch(function (e) {
        if (mine !== seq) return;
        say(t.error, "error");
        console.warn("search:", e);
      });
    }
    function later() { clearTimeout(timer); timer = setTimeout(run, 180); }

    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    input.addEventListener("input", later);
    Object.keys(sel).forEach(function (k) { if (sel[k]) sel[k].addEventListener("change", run); });
    more.addEventListener("click", function () { showMore(true); });
    // Arrow keys move between the field and the results.
    box.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll(".search-result-title a"));
      var at = links.indexOf(document.activeElement);
      if (document.activeElement === input && e.key === "ArrowDown" && links.length) { links[0].focus(); e.preventDefault(); }
      else if (at >= 0) {
        var next = e.key === "ArrowDown" ? links[at + 1] : at === 0 ? input : links[at - 1];
        if (next) { next.focus(); e.preventDefault(); }
      }
    });

    if (location.protocol === "file:") { say(t.file, "error"); return; }
    say(t.loading, "loading");
    get("search/index.json", "json").then(function (m) {
      manifest = m;
      run();
    }).catch(function (e) {
      say(t.error, "error");
      console.warn("search:", e);
    });
    if (!input.value) input.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
