/* Shared chart helpers: read the JSON the page embeds, draw with the vendored ECharts. */
window.jixiaoChart = function (id, option) {
  var el = document.getElementById(id);
  if (!el || !window.echarts) { return null; }
  var chart = window.echarts.init(el, null, { renderer: "canvas" });
  chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: "Noto Sans CJK SC, sans-serif" } }, option));
  window.addEventListener("resize", function () { chart.resize(); });
  return chart;
};
window.jixiaoData = function () {
  return JSON.parse(document.getElementById("chart-data").textContent);
};
