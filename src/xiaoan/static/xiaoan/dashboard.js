// The dashboard's charts. Data comes from the JSON block the page embeds (no
// inline script, so the content security policy holds); a click on a bar or a
// point opens the filtered list behind it.
(function () {
  "use strict";
  var block = document.getElementById("xa-dashboard-data");
  if (!block || !window.echarts) { return; }
  var data = JSON.parse(block.textContent);

  function chart(id, option, links) {
    var holder = document.getElementById(id);
    if (!holder) { return; }
    var c = echarts.init(holder);
    c.setOption(option);
    c.on("click", function (params) {
      var link = links(params);
      if (link) { window.location.href = link; }
    });
    window.addEventListener("resize", function () { c.resize(); });
  }

  var weekly = data.weekly_found_closed;
  chart("xa-chart-weekly", {
    tooltip: { trigger: "axis" },
    legend: { data: ["发现", "销号"] },
    grid: { left: 40, right: 16, bottom: 30 },
    xAxis: { type: "category", data: weekly.weeks.map(function (w) { return w.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "发现", type: "bar", data: weekly.found },
      { name: "销号", type: "line", data: weekly.closed }
    ]
  }, function (p) { return weekly.links[p.dataIndex]; });

  var categories = data.hazards_by_category;
  chart("xa-chart-category", {
    tooltip: { trigger: "item" },
    series: [{
      type: "pie", radius: ["35%", "70%"],
      data: categories.map(function (c) { return { name: c.label, value: c.count }; })
    }]
  }, function (p) { return categories[p.dataIndex] && categories[p.dataIndex].link; });

  var districts = data.hazards_by_district;
  chart("xa-chart-district", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 16, bottom: 60 },
    xAxis: { type: "category", data: districts.map(function (d) { return d.area; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "发现隐患", type: "bar", data: districts.map(function (d) { return d.count; }) }]
  }, function (p) { return districts[p.dataIndex].link; });

  var trend = data.complaints_trend;
  chart("xa-chart-complaints", {
    tooltip: { trigger: "axis" },
    legend: { data: ["本期", "去年同期"] },
    grid: { left: 40, right: 16, bottom: 30 },
    xAxis: { type: "category", data: trend.days.map(function (d) { return d.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "本期", type: "line", data: trend.counts },
      { name: "去年同期", type: "line", data: trend.last_year, lineStyle: { type: "dashed" } }
    ]
  }, function () { return trend.link; });

  var coverage = data.coverage_by_district;
  chart("xa-chart-coverage", {
    tooltip: { trigger: "axis", valueFormatter: function (v) { return v + "%"; } },
    grid: { left: 40, right: 16, bottom: 60 },
    xAxis: { type: "category", data: coverage.map(function (d) { return d.area; }), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", max: 100 },
    series: [{ name: "覆盖率", type: "bar", data: coverage.map(function (d) { return d.percent; }) }]
  }, function (p) { return coverage[p.dataIndex].link; });
})();
