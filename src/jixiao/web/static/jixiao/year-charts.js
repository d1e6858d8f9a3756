document.addEventListener("DOMContentLoaded", function () {
  var d = window.jixiaoData();
  var grid = { left: 160, right: 40, top: 30, bottom: 30 };
  window.jixiaoChart("chart-score", {
    tooltip: { trigger: "axis" }, legend: { data: ["按规则得分", "申报得分"] }, grid: grid,
    xAxis: { type: "value", min: 0, max: 100 }, yAxis: { type: "category", data: d.score.names },
    series: [{ name: "按规则得分", type: "bar", data: d.score.computed },
             { name: "申报得分", type: "bar", data: d.score.declared }]
  });
  window.jixiaoChart("chart-rate", {
    tooltip: { trigger: "axis" }, grid: grid,
    xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", data: d.rate.names },
    series: [{ name: "预算执行率", type: "bar", data: d.rate.values, itemStyle: { color: "#3a7d44" } }]
  });
  window.jixiaoChart("chart-distribution", {
    tooltip: {}, xAxis: { type: "category", data: d.distribution.labels }, yAxis: { type: "value", minInterval: 1 },
    series: [{ name: "部门数", type: "bar", data: d.distribution.counts, itemStyle: { color: "#c47f17" } }]
  });
});
