// netdiag maps: pan (drag), zoom (wheel, buttons), a scale bar, and map tiles only when the report
// was made with a tile URL. Coordinates are Web Mercator pixels at zoom data-zref less data-origin.
(function () {
  "use strict";
  var EQUATOR_M = 40075016.686;

  function init(svg) {
    var box = svg.closest(".map-box");
    var start = svg.getAttribute("viewBox").split(/\s+/).map(Number);
    var view = start.slice();
    var ox = Number(svg.dataset.originX), oy = Number(svg.dataset.originY), zref = Number(svg.dataset.zref);
    var pinPx = 6, fontPx = 11;
    var tilesUrl = svg.dataset.tiles || null, subdomains = svg.dataset.subdomains || "abc";
    var tileLayer = svg.querySelector("g.tiles");
    var scaleBar = box ? box.querySelector(".scale-bar") : null;
    var upm = scaleBar ? Number(scaleBar.dataset.upm) : 1;
    var tiles = {};

    function unitsPerPixel() {
      var w = svg.clientWidth || 900, h = svg.clientHeight || 560;
      return Math.max(view[2] / w, view[3] / h);
    }
    function apply() {
      svg.setAttribute("viewBox", view.join(" "));
      var upp = unitsPerPixel();
      svg.style.fontSize = (fontPx * upp) + "px";
      svg.querySelectorAll("circle.pin").forEach(function (c) { c.setAttribute("r", (c.classList.contains("mark") ? 3.5 : pinPx) * upp); });
      svg.querySelectorAll(".labels text").forEach(function (t) { t.style.strokeWidth = (3 * upp) + "px"; });
      if (scaleBar) { drawScale(upp); }
      if (tilesUrl) { drawTiles(upp); }
    }
    function drawScale(upp) {
      var metres = 120 * upp / upm, step = Math.pow(10, Math.floor(Math.log10(Math.max(metres, 1))));
      var nice = [5, 2, 1].map(function (s) { return s * step; }).filter(function (v) { return v <= metres; })[0] || step;
      scaleBar.style.width = (nice * upm / upp) + "px";
      scaleBar.textContent = nice >= 1000 ? (nice / 1000) + " km" : nice + " m";
    }
    function tileUrl(z, x, y) {
      var s = subdomains.charAt(Math.abs(x + y) % subdomains.length);
      return tilesUrl.replace("{z}", z).replace("{x}", x).replace("{y}", y).replace("{s}", s);
    }
    function drawTiles(upp) {
      var z = Math.max(0, Math.min(19, Math.round(zref - Math.log2(upp))));
      var size = 256 * Math.pow(2, zref - z), n = Math.pow(2, z);
      var x0 = Math.floor((view[0] + ox) / size), x1 = Math.floor((view[0] + view[2] + ox) / size);
      var y0 = Math.max(0, Math.floor((view[1] + oy) / size)), y1 = Math.min(n - 1, Math.floor((view[1] + view[3] + oy) / size));
      if ((x1 - x0 + 1) * (y1 - y0 + 1) > 150) { return; }
      var wanted = {};
      for (var x = x0; x <= x1; x++) {
        for (var y = y0; y <= y1; y++) {
          var key = z + "/" + x + "/" + y;
          wanted[key] = true;
          if (!tiles[key]) {
            var img = document.createElementNS("http://www.w3.org/2000/svg", "image");
            var tx = ((x % n) + n) % n;
            img.setAttribute("href", tileUrl(z, tx, y));
            img.setAttribute("x", x * size - ox); img.setAttribute("y", y * size - oy);
            img.setAttribute("width", size); img.setAttribute("height", size);
            img.setAttribute("preserveAspectRatio", "none");
            tileLayer.appendChild(img);
            tiles[key] = img;
          }
        }
      }
      Object.keys(tiles).forEach(function (key) {
        if (!wanted[key]) { tiles[key].remove(); delete tiles[key]; }
      });
    }
    function zoom(factor, cx, cy) {
      var nw = view[2] * factor, nh = view[3] * factor;
      if (nw < 20 || nw > start[2] * 64) { return; }
      view = [cx - (cx - view[0]) * factor, cy - (cy - view[1]) * factor, nw, nh];
      apply();
    }
    function toUser(evt) {
      var pt = svg.createSVGPoint();
      pt.x = evt.clientX; pt.y = evt.clientY;
      var m = svg.getScreenCTM();
      return m ? pt.matrixTransform(m.inverse()) : { x: view[0] + view[2] / 2, y: view[1] + view[3] / 2 };
    }
    svg.addEventListener("wheel", function (evt) {
      evt.preventDefault();
      var p = toUser(evt);
      zoom(evt.deltaY < 0 ? 1 / 1.25 : 1.25, p.x, p.y);
    }, { passive: false });
    var drag = null;
    svg.addEventListener("pointerdown", function (evt) {
      drag = { x: evt.clientX, y: evt.clientY, view: view.slice(), upp: unitsPerPixel() };
      svg.setPointerCapture(evt.pointerId);
      svg.classList.add("dragging");
    });
    svg.addEventListener("pointermove", function (evt) {
      if (!drag) { return; }
      view = [drag.view[0] - (evt.clientX - drag.x) * drag.upp, drag.view[1] - (evt.clientY - drag.y) * drag.upp, drag.view[2], drag.view[3]];
      apply();
    });
    function endDrag() { drag = null; svg.classList.remove("dragging"); }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    if (box) {
      box.querySelectorAll("[data-zoom]").forEach(function (button) {
        button.addEventListener("click", function () {
          var how = button.dataset.zoom, cx = view[0] + view[2] / 2, cy = view[1] + view[3] / 2;
          if (how === "reset") { view = start.slice(); apply(); }
          else { zoom(how === "in" ? 1 / 1.5 : 1.5, cx, cy); }
        });
      });
    }
    svg.querySelectorAll(".shapes > [data-cell]").forEach(function (shape) {
      shape.addEventListener("mouseenter", function () { shape.classList.add("hover"); });
      shape.addEventListener("mouseleave", function () { shape.classList.remove("hover"); });
    });
    window.addEventListener("resize", apply);
    apply();
  }

  function ready() { document.querySelectorAll("svg.map").forEach(init); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
