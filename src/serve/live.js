// regionpress dev server: live reload and error overlay (injected only when serving).
(function () {
  "use strict";
  var overlay = null;
  // The overlay speaks the site's language (the messages come localized from the server).
  var zh = /^zh/i.test(document.documentElement.lang || "");
  var ui = zh
    ? { label: "构建错误", heading: " 个问题：仍在提供上次成功构建的页面；修正文件后本提示自动关闭", hint: "提示：", error: "错误", warning: "警告" }
    : { label: "Build errors", heading: " problem(s) — the last good pages are still served; fix the file and this closes by itself", hint: "hint: ", error: "error", warning: "warning" };
  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c];
    });
  }
  function showErrors(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "regionpress-overlay";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-label", ui.label);
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;background:rgba(20,20,20,.94);color:#f5f5f5;" +
        "font:14px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:2rem";
      document.body.appendChild(overlay);
    }
    var html = "<h2 style='color:#ff8a80;margin:0 0 1rem;font-size:18px'>" + errors.length + esc(ui.heading) + "</h2>";
    errors.forEach(function (e) {
      var where = e.path + (e.line ? ":" + e.line + (e.column ? ":" + e.column : "") : "");
      html += "<section style='border-left:4px solid " + (e.severity === "error" ? "#ff5252" : "#ffd740") +
        ";padding:.5rem 1rem;margin:0 0 1rem;background:#2b2b2b'>" +
        "<div><strong>" + esc(where) + "</strong> " + esc(ui[e.severity] || e.severity) + "[" + esc(e.code) + "]</div>" +
        "<div>" + esc(e.message) + "</div>" +
        (e.source_line ? "<pre style='margin:.5rem 0;color:#bdbdbd;white-space:pre-wrap'>" + esc(e.source_line) + "</pre>" : "") +
        (e.hint ? "<div style='color:#80cbc4'>" + esc(ui.hint) + esc(e.hint) + "</div>" : "") + "</section>";
    });
    overlay.innerHTML = html;
  }
  function hideErrors() {
    if (overlay) { overlay.remove(); overlay = null; }
  }
  function swapCss() {
    var links = document.querySelectorAll("link[rel=stylesheet]");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("reload", Date.now());
      links[i].href = url.toString();
    }
  }
  var here = location.pathname.replace(/index\.html$/, "");
  var generation = null;
  var source = new EventSource("/__regionpress/events");
  source.onmessage = function (msg) {
    var state = JSON.parse(msg.data);
    if (state.errors.length) { showErrors(state.errors); } else { hideErrors(); }
    if (generation !== null && state.generation !== generation && !state.errors.length) {
      if (state.css_only) {
        swapCss();
      } else if (state.changed.indexOf(here) >= 0 || state.removed.indexOf(here) >= 0) {
        location.reload();
      }
    }
    generation = state.generation;
  };
})();
