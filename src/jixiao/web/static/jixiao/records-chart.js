/* The 信访 measures of an uploaded register by month (rates in %, k/n in the tooltip). */
document.addEventListener("DOMContentLoaded", function () {
  var d = window.jixiaoData();
  var names = Object.keys(d.measures);
  var series = names.map(function (name) {
    return {
      name: name, type: "line", connectNulls: false,
      data: d.measures[name].map(function (m) {
        return m && m.value !== null ? { value: Number(m.value), kn: m.k + "/" + m.n } : null;
      })
    };
  });
  window.jixiaoChart("chart-records", {
    tooltip: {
      trigger: "axis",
      formatter: function (items) {
        return items.map(function (p) {
          return p.marker + p.seriesName + "：" + (p.data ? p.data.value.toFixed(2) + "%（" + p.data.kn + "）" : "—");
        }).join("<br>");
      }
    },
    legend: { data: names, top: 0 }, grid: { left: 50, right: 30, top: 60, bottom: 30 },
    xAxis: { type: "category", data: d.months },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: series
  });
});
