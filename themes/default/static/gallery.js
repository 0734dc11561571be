// The photo viewer of a report's or class's gallery, loaded only
// on pages with one. Without JavaScript each thumbnail is a plain link to
// its photo. With it, a thumbnail opens the photo in a <dialog>: the left
// and right arrow keys (or a swipe, or the buttons) page through the
// photos, Esc (or the close button, or a click beside the photo) closes it
// and gives the focus back to the thumbnail.
(function () {
  "use strict";
  var grids = document.querySelectorAll(".gallery");
  if (!grids.length || typeof HTMLDialogElement !== "function") return;
  grids.forEach(function (grid) {
    var links = Array.prototype.slice.call(grid.querySelectorAll("a.gallery-link"));
    if (!links.length) return;
    var dialog = document.createElement("dialog");
    dialog.className = "gallery-viewer";
    dialog.setAttribute("aria-label", grid.getAttribute("data-label") || "");
    var figure = document.createElement("figure");
    var img = document.createElement("img");
    img.decoding = "async";
    var caption = document.createElement("figcaption");
    figure.appendChild(img);
    figure.appendChild(caption);
    function button(cls, label, text) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = cls;
      b.setAttribute("aria-label", label);
      b.textContent = text;
      return b;
    }
    var prev = button("gallery-prev", grid.getAttribute("data-prev") || "‹", "‹");
    var next = button("gallery-next", grid.getAttribute("data-next") || "›", "›");
    var close = button("gallery-close", grid.getAttribute("data-close") || "×", "×");
    dialog.appendChild(close);
    dialog.appendChild(figure);
    dialog.appendChild(prev);
    dialog.appendChild(next);
    document.body.appendChild(dialog);
    var current = 0;
    var opener = null;
    function show(i) {
      current = (i + links.length) % links.length;
      var a = links[current];
      var thumb = a.querySelector("img");
      img.src = a.getAttribute("href");
      if (thumb && thumb.getAttribute("srcset")) {
        img.setAttribute("srcset", thumb.getAttribute("srcset"));
        img.setAttribute("sizes", "100vw");
      } else {
        img.removeAttribute("srcset");
      }
      img.alt = thumb ? thumb.alt : "";
      caption.textContent = a.getAttribute("data-caption") || "";
      caption.hidden = !caption.textContent;
      var counter = " (" + (current + 1) + "/" + links.length + ")";
      dialog.setAttribute("aria-label", (grid.getAttribute("data-label") || "") + counter);
    }
    links.forEach(function (a, i) {
      a.addEventListener("click", function (e) {
        if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        opener = a;
        show(i);
        dialog.showModal();
        close.focus();
      });
    });
    prev.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { if (opener) opener.focus(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    dialog.addEventListener("keydown", function (e) {
      if (e.key === "ArrowLeft") { show(current - 1); e.preventDefault(); }
      else if (e.key === "ArrowRight") { show(current + 1); e.preventDefault(); }
    });
    var startX = null;
    dialog.addEventListener("touchstart", function (e) { startX = e.touches[0].clientX; }, { passive: true });
    dialog.addEventListener("touchend", function (e) {
      if (startX === null) return;
      var dx = e.changedTouches[0].clientX - startX;
      startX = null;
      if (Math.abs(dx) > 40) show(current + (dx < 0 ? 1 : -1));
    });
  });
})();
