/* Across-years charts: a department's years (scores, execution, adjustment, outturn against the original
   budget) and the bureau's reliability page (three-year outturn per department, score distribution). */
document.addEventListener("DOMContentLoaded", function () {
  var d = window.jixiaoData();
  if (document.getElementById("chart-years")) {
    window.jixiaoChart("chart-years", {
      tooltip: { trigger: "axis" },
      legend: { data: ["按规则得分", "申报得分", "执行率", "调整幅度", "执行数÷年初预算"] },
      xAxis: { type: "category", data: d.years },
      yAxis: [{ type: "value", name: "得分", min: 0, max: 100 }, { type: "value", name: "%" }],
      series: [
        { name: "按规则得分", type: "bar", data: d.computed },
        { name: "申报得分", type: "bar", data: d.declared },
        { name: "执行率", type: "line", yAxisIndex: 1, data: d.execution },
        { name: "调整幅度", type: "line", yAxisIndex: 1, data: d.adjustment },
        { name: "执行数÷年初预算", type: "line", yAxisIndex: 1, data: d.outturn,
          markArea: { silent: true, itemStyle: { opacity: 0.08 }, data: [[{ yAxis: 95 }, { yAxis: 105 }]] } }
      ]
    });
  }
  if (document.getElementById("chart-outturn")) {
    window.jixiaoChart("chart-outturn", {
      tooltip: { trigger: "axis" }, legend: { type: "scroll" },
      xAxis: { type: "category", data: d.years },
      yAxis: { type: "value", name: "%", scale: true },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.values }; })
    });
    window.jixiaoChart("chart-distribution", {
      tooltip: {}, xAxis: { type: "category", data: d.distribution.labels },
      yAxis: { type: "value", name: "部门数", minInterval: 1 },
      series: [{ type: "bar", data: d.distribution.counts }]
    });
  }
});
