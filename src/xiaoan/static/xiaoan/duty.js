/* The urgent-report clock on an incident's page: counts down to the deadline the
   server gave, then counts the minutes late. The server decides on time or late;
   this only shows the time passing. The offset between the server's clock and the
   browser's is taken once, so a wrong clock on the phone does not matter. */
(function () {
  "use strict";
  var el = document.getElementById("xa-report-clock");
  if (!el || !el.dataset.deadline || el.dataset.stopped === "1") return;
  var deadline = Date.parse(el.dataset.deadline);
  var offset = Date.parse(el.dataset.serverNow) - Date.now();
  var text = el.querySelector("[data-clock-text]");
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var ms = deadline - (Date.now() + offset);
    var late = ms < 0;
    var seconds = Math.floor(Math.abs(ms) / 1000);
    var minutes = Math.floor(seconds / 60);
    text.textContent = (late ? "已超时 " : "还剩 ") + minutes + " 分 " + pad(seconds % 60) + " 秒";
    el.classList.toggle("alert-warning", !late);
    el.classList.toggle("alert-danger", late);
    el.dataset.late = late ? "1" : "0";
  }
  tick();
  window.setInterval(tick, 1000);
})();
/* "打印" buttons print the page; the print CSS hides the menus and forms. */
document.querySelectorAll("[data-xa-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
