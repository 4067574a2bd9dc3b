// The map of places and open hazards. Data comes from the JSON block the page
// embeds (no inline script, so the content security policy holds); tiles come
// from the configured server, and without one the points sit on a plain background.
// Place names and summaries are people's input: they reach the page only as text
// nodes (never as HTML strings, which Leaflet's popups and tooltips would parse).
(function () {
  "use strict";
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function textNode(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  var holder = document.getElementById("xa-map");
  var data = JSON.parse(document.getElementById("xa-map-data").textContent);
  if (!holder || !window.L) { return; }
  var map = L.map(holder, { attributionControl: Boolean(data.tiles), zoomControl: false });
  L.control.zoom({ zoomInTitle: "放大", zoomOutTitle: "缩小" }).addTo(map);
  if (data.tiles) {
    map.attributionControl.setPrefix("Leaflet 开源地图库");
    L.tileLayer(data.tiles, { attribution: escapeHtml(data.attribution || ""), maxZoom: 19 }).addTo(map);
  } else {
    holder.classList.add("xa-map-plain");
  }
  var colours = { none: "#198754", found: "#dc3545", rectifying: "#0d6efd", rectified: "#b35900", reopened: "#6f42c1" };
  var bounds = [];
  data.places.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lng], {
      radius: 7, weight: 1, color: "#333", fillColor: colours[p.state] || colours.none, fillOpacity: 0.9
    }).addTo(map);
    var text = document.createElement("div");
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    text.appendChild(link);
    text.appendChild(document.createElement("br"));
    text.appendChild(document.createTextNode(p.summary));
    marker.bindPopup(text);
    marker.bindTooltip(textNode(p.name));
    bounds.push([p.lat, p.lng]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20], maxZoom: 15 }); } else { map.setView([41.12, 122.07], 11); }
}());
