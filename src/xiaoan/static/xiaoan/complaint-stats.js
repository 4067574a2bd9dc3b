// Charts of the 12345 statistics page. Data comes from the JSON block the page
// embeds (no inline script, so the content security policy holds).
(function () {
  "use strict";
  var block = document.getElementById("xa-stats-data");
  if (!block || !window.echarts) { return; }
  var data = JSON.parse(block.textContent);
  var charts = [];

  function chart(id, option) {
    var holder = document.getElementById(id);
    if (!holder) { return; }
    var c = echarts.init(holder);
    c.setOption(option);
    charts.push(c);
  }

  chart("xa-chart-daily", {
    tooltip: { trigger: "axis" },
    legend: { data: ["本期", "去年同期"] },
    grid: { left: 40, right: 16, top: 36, bottom: 40 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", minInterval: 1 },
    dataZoom: data.days.length > 62 ? [{ type: "inside" }, { type: "slider", height: 18 }] : [],
    series: [
      { name: "本期", type: "line", data: data.counts, smooth: true, itemStyle: { color: "#b4232a" } },
      { name: "去年同期", type: "line", data: data.last_year, smooth: true, connectNulls: false,
        lineStyle: { type: "dashed" }, itemStyle: { color: "#6c757d" } }
    ]
  });

  function bars(id, rows, colour) {
    var top = rows.slice(0, 12).reverse();
    chart(id, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: top.map(function (r) { return r[0]; }),
        axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", data: top.map(function (r) { return r[1]; }), itemStyle: { color: colour },
        label: { show: true, position: "right" } }]
    });
  }
  bars("xa-chart-category", data.categories, "#dc3545");
  bars("xa-chart-area", data.areas, "#0d6efd");

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });

  // choosing a named period fills the dates itself; typing a date means "custom"
  var form = document.getElementById("xa-stats-form");
  if (form) {
    form.querySelectorAll("input[type=date]").forEach(function (input) {
      input.addEventListener("change", function () {
        var custom = document.getElementById("xa-preset-custom");
        if (custom) { custom.checked = true; }
      });
    });
    form.querySelectorAll("input[name=preset]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        if (radio.value !== "custom") { form.submit(); }
      });
    });
  }
})();
