// The signature pad of the sign page: a <canvas> drawn on with a finger, a pen
// or a mouse (pointer events), sent as a PNG data URL in the form's hidden
// field. Submitting an empty pad is stopped here (the server refuses it too).
(function () {
  "use strict";

  var canvas = document.getElementById("xa-signature-pad");
  var form = document.getElementById("xa-sign-form");
  var field = document.getElementById("xa-signature-data");
  var clear = document.getElementById("xa-signature-clear");
  var hint = document.getElementById("xa-signature-hint");
  if (!canvas || !form || !field || !canvas.getContext) {
    return;
  }
  var ctx = canvas.getContext("2d");
  var drawn = false;
  var last = null;

  function reset() {
    var ratio = window.devicePixelRatio || 1;
    var box = canvas.getBoundingClientRect();
    canvas.width = Math.max(1, Math.round(box.width * ratio));
    canvas.height = Math.max(1, Math.round(box.height * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, box.width, box.height);
    ctx.lineWidth = 2.5;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "#111111";
    drawn = false;
    field.value = "";
  }

  function point(event) {
    var box = canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  canvas.addEventListener("pointerdown", function (event) {
    event.preventDefault();
    if (canvas.setPointerCapture) {
      canvas.setPointerCapture(event.pointerId);
    }
    last = point(event);
    ctx.beginPath();
    ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, 2 * Math.PI);
    ctx.fillStyle = ctx.strokeStyle;
    ctx.fill();
  });
  canvas.addEventListener("pointermove", function (event) {
    if (!last) {
      return;
    }
    event.preventDefault();
    var next = point(event);
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    last = next;
    drawn = true;
  });
  function stop() {
    last = null;
  }
  canvas.addEventListener("pointerup", stop);
  canvas.addEventListener("pointercancel", stop);
  canvas.addEventListener("pointerleave", stop);

  if (clear) {
    clear.addEventListener("click", reset);
  }
  var width = window.innerWidth;
  window.addEventListener("resize", function () {
    // a phone turned round: the pad is redrawn at the new size, empty, before anyone signs
    if (window.innerWidth !== width && !drawn) {
      width = window.innerWidth;
      reset();
    }
  });
  form.addEventListener("submit", function (event) {
    if (!drawn) {
      event.preventDefault();
      if (hint) {
        hint.textContent = "请在签名框内手写签名后再提交。";
        hint.className = "text-danger small";
      }
      return;
    }
    field.value = canvas.toDataURL("image/png");
  });
  reset();
})();
