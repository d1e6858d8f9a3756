document.addEventListener("DOMContentLoaded", function () {
  var d = window.jixiaoData();
  window.jixiaoChart("chart-trend", {
    tooltip: { trigger: "axis" }, legend: { data: ["按规则得分", "申报得分", "预算执行率"] },
    xAxis: { type: "category", data: d.years },
    yAxis: [{ type: "value", name: "得分", min: 0, max: 100 }, { type: "value", name: "执行率 %", min: 0, max: 100 }],
    series: [{ name: "按规则得分", type: "line", data: d.computed },
             { name: "申报得分", type: "line", data: d.declared },
             { name: "预算执行率", type: "bar", yAxisIndex: 1, data: d.rate, itemStyle: { opacity: 0.4 } }]
  });
});
