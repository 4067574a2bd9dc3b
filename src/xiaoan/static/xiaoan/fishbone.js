// Exports a fishbone diagram as PNG: the page's SVG is drawn onto a canvas at
// twice its size and saved. Works offline; the SVG carries its own styles.
(function () {
  "use strict";
  var STYLE = ".xa-bone-label{font-weight:bold;font-size:15px}.xa-rib-label{font-size:12px}.xa-rib-zero{fill:#adb5bd}";
  document.querySelectorAll(".xa-png").forEach(function (button) {
    button.addEventListener("click", function () {
      var svg = button.closest(".xa-fishbone").querySelector("svg").cloneNode(true);
      var style = document.createElementNS("http://www.w3.org/2000/svg", "style");
      style.textContent = STYLE;
      svg.insertBefore(style, svg.firstChild);
      var box = svg.viewBox.baseVal;
      svg.setAttribute("width", box.width);
      svg.setAttribute("height", box.height);
      var url = URL.createObjectURL(new Blob([new XMLSerializer().serializeToString(svg)], { type: "image/svg+xml" }));
      var image = new Image();
      image.onload = function () {
        var canvas = document.createElement("canvas");
        canvas.width = box.width * 2;
        canvas.height = box.height * 2;
        var context = canvas.getContext("2d");
        context.scale(2, 2);
        context.drawImage(image, 0, 0);
        URL.revokeObjectURL(url);
        canvas.toBlob(function (blob) {
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = button.dataset.name;
          document.body.appendChild(link);
          link.click();
          link.remove();
        }, "image/png");
      };
      image.src = url;
    });
  });
})();
