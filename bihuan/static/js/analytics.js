/* Analytics dashboards: Apache ECharts panels fed by the page's JSON (#analytics-data).
   Every clickable mark carries the drill-down URL of the complaints behind it. */
(function () {
  "use strict";
  var dataNode = document.getElementById("analytics-data");
  if (!dataNode || !window.echarts) { return; }
  var D = JSON.parse(dataNode.textContent);
  var charts = [];
  var BLUE = "#1456f0", RED = "#d93025", GREEN = "#1e8e3e";

  function withParams(base, extra) {
    var url = new URL(base, window.location.origin);
    Object.keys(extra).forEach(function (k) { url.searchParams.set(k, extra[k]); });
    return url.pathname + url.search;
  }
  function make(name, option, onClick) {
    var el = document.querySelector('[data-chart="' + name + '"]');
    if (!el) { return null; }
    var chart = echarts.init(el);
    chart.setOption(option);
    if (onClick) {
      chart.on("click", function (p) { var url = onClick(p); if (url) { window.location.href = url; } });
    }
    el.dataset.ready = "1";
    charts.push(chart);
    return chart;
  }
  function heat(name, xs, ys, cells, onClick) {
    var max = cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 1);
    return make(name, {
      tooltip: { position: "top" },
      // containLabel sizes the left margin to the longest y label (English channel and
      // province names were clipped by a fixed margin); very long labels are truncated.
      grid: { left: 10, right: 20, top: 10, bottom: 90, containLabel: true },
      xAxis: { type: "category", data: xs, splitArea: { show: true } },
      yAxis: { type: "category", data: ys, splitArea: { show: true },
               axisLabel: { width: 210, overflow: "truncate" } },
      visualMap: { min: 0, max: max, calculable: true, orient: "horizontal", left: "center", bottom: 0,
                   inRange: { color: ["#f0f5ff", "#7aa2f7", "#1456f0", "#d93025"] } },
      series: [{ type: "heatmap", data: cells, label: { show: xs.length <= 8 } }]
    }, onClick);
  }

  if (D.trend) {
    var t = D.trend, L = D.labels;
    make("trend", {
      tooltip: { trigger: "axis" },
      legend: { data: [L.volume, L.first_response, L.fcr] },
      grid: { left: 50, right: 100, top: 40, bottom: 60 },
      dataZoom: [{ type: "slider", bottom: 10 }],
      xAxis: { type: "category", data: t.days },
      yAxis: [{ type: "value", name: L.volume }, { type: "value", name: "min / %", position: "right" }],
      series: [
        { name: L.volume, type: "bar", data: t.count, itemStyle: { color: "#9db8f8" } },
        { name: L.first_response, type: "line", yAxisIndex: 1, data: t.first_response, smooth: true,
          showSymbol: false, itemStyle: { color: RED },
          markLine: { symbol: "none", data: [{ yAxis: D.targets.first_response, name: L.fr_target }],
                      lineStyle: { color: RED, type: "dashed" }, label: { formatter: L.fr_target + " {c}" } } },
        { name: L.fcr, type: "line", yAxisIndex: 1, data: t.fcr, smooth: true, showSymbol: false,
          itemStyle: { color: GREEN },
          markLine: { symbol: "none", data: [{ yAxis: D.targets.fcr, name: L.fcr_target }],
                      lineStyle: { color: GREEN, type: "dashed" }, label: { formatter: L.fcr_target + " {c}%" } } }
      ]
    }, function (p) { return t.urls[p.dataIndex]; });
  }

  if (D.breakdown) {
    var b = D.breakdown;
    make("breakdown", {
      tooltip: {}, grid: { left: 140, right: 30, top: 10, bottom: 30 },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: b.labels.slice().reverse() },
      series: [{ type: "bar", data: b.values.slice().reverse(), itemStyle: { color: BLUE },
                 label: { show: true, position: "right" } }]
    }, function (p) { return b.urls[b.urls.length - 1 - p.dataIndex]; });
  }

  if (D.weekday_hour) {
    var hours = Array.from({ length: 24 }, function (_, i) { return String(i); });
    heat("weekday_hour", hours, D.weekdays, D.weekday_hour.cells, function (p) {
      return withParams(D.drill, { weekday: p.data[1], hour: p.data[0] });
    });
  }
  if (D.region_category) {
    var rc = D.region_category;
    heat("region_category", rc.categories, rc.regions, rc.cells, function (p) {
      return rc.urls[p.data[0] + "," + p.data[1]];
    });
  }
  if (D.channel_time) {
    var ct = D.channel_time;
    var hrs = Array.from({ length: 24 }, function (_, i) { return String(i); });
    heat("channel_time", hrs, ct.channels, ct.cells, function (p) {
      return withParams(D.drill, { dim: "channel", key: ct.keys[p.data[1]], hour: p.data[0] });
    });
  }

  if (D.waterfall) {
    var w = D.waterfall, base = [], acc = 0;
    w.forEach(function (s) { base.push(+acc.toFixed(2)); acc += s.hours; });
    make("waterfall", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: function (ps) {
        var s = w[ps[0].dataIndex];
        return s.label + "<br>" + D.labels.hours + ": " + s.hours.toFixed(1) + "<br>" + D.labels.share + ": " +
          (s.share * 100).toFixed(1) + "%";
      } },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: w.map(function (s) { return s.label; }) },
      yAxis: { type: "value", name: "h" },
      series: [
        { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, silent: true },
        { type: "bar", stack: "w", data: w.map(function (s) { return +s.hours.toFixed(2); }),
          itemStyle: { color: function (p) {
            var top = Math.max.apply(null, w.map(function (s) { return s.hours; }));
            return w[p.dataIndex].hours === top ? RED : BLUE; } },
          label: { show: true, position: "top", formatter: function (p) {
            return (w[p.dataIndex].share * 100).toFixed(0) + "%"; } } }
      ]
    }, function (p) { return w[p.dataIndex] && w[p.dataIndex].url; });
  }

  if (D.provinces) {
    var provinces = D.provinces, byName = {};
    provinces.forEach(function (p) { byName[p.name] = p.url; });
    var max = provinces.reduce(function (m, p) { return Math.max(m, p.value); }, 1);
    var geoUrl = document.getElementById("analytics-js").dataset.geo;
    var fallback = function () {
      make("map", {
        tooltip: {}, grid: { left: 60, right: 20, top: 10, bottom: 30 },
        xAxis: { type: "category", data: provinces.map(function (p) { return p.name; }) },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: provinces.map(function (p) { return p.value; }), itemStyle: { color: BLUE } }]
      }, function (p) { return provinces[p.dataIndex].url; });
    };
    fetch(geoUrl).then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (geo) {
        echarts.registerMap("china", geo);
        make("map", {
          tooltip: { trigger: "item", formatter: function (p) { return p.name + ": " + (p.value || 0); } },
          visualMap: { min: 0, max: max, left: 10, bottom: 10, calculable: true,
                       inRange: { color: ["#eef3ff", "#7aa2f7", "#1456f0", "#d93025"] } },
          series: [{ type: "map", map: "china", roam: true, data: provinces,
                     emphasis: { label: { show: true } } }]
        }, function (p) { return byName[p.name]; });
      }).catch(fallback);
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
