/* Dashboard charts from the engine's figures (JSON in #chart-data), and the period picker. */
(function () {
  "use strict";
  var picker = document.querySelector(".period-picker");
  if (picker) {
    var preset = picker.querySelector("[name=preset]");
    var toggle = function () {
      var custom = preset.value === "custom";
      picker.querySelectorAll(".js-custom").forEach(function (el) { el.hidden = !custom; });
      picker.querySelectorAll(".js-preset").forEach(function (el) { el.hidden = custom; });
    };
    preset.addEventListener("change", toggle);
    toggle();
  }
  var source = document.getElementById("chart-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var lang = document.documentElement.lang === "vi" ? "vi-VN" : "en-GB";
  Chart.defaults.locale = lang;
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  var red = "#dc3545", blue = "#0d6efd";
  var draw = function (id, config) {
    var canvas = document.getElementById(id);
    if (!canvas) { return; }
    // A bar per label down the side: the box grows with the labels so that long names
    // (wrapped on two lines) do not run into each other.
    if (config.options && config.options.indexAxis === "y") {
      var labels = config.data.labels || [];
      var lines = labels.reduce(function (most, label) {
        return Math.max(most, Array.isArray(label) ? label.length : 1);
      }, 1);
      var needed = labels.length * (lines * 14 + 12) + 60;
      var box = canvas.parentNode;
      if (needed > box.clientHeight) { box.style.height = needed + "px"; }
    }
    canvas.chart = new Chart(canvas, config);
  };
  draw("chart-trend", {
    data: {
      labels: data.trend.labels,
      datasets: [
        {type: "bar", label: data.trend.datasets[0].label, data: data.trend.datasets[0].data,
         backgroundColor: "rgba(13,110,253,.6)", yAxisID: "y"},
        {type: "line", label: data.trend.datasets[1].label, data: data.trend.datasets[1].data,
         borderColor: red, backgroundColor: red, yAxisID: "y1", tension: 0.2}
      ]
    },
    options: {
      interaction: {mode: "index", intersect: false},
      scales: {
        y: {beginAtZero: true, position: "left", ticks: {color: blue}},
        y1: {beginAtZero: true, position: "right", grid: {drawOnChartArea: false}, ticks: {color: red}}
      }
    }
  });
  draw("chart-categories", {
    type: "bar",
    data: {labels: data.categories.labels,
           datasets: [{data: data.categories.data, backgroundColor: "rgba(220,53,69,.7)"}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}},
              scales: {x: {beginAtZero: true, ticks: {precision: 0}},
                       y: {ticks: {autoSkip: false}}}}
  });
  draw("chart-ratings", {
    type: "bar",
    data: {labels: data.ratings.labels, datasets: data.ratings.datasets},
    options: {indexAxis: "y", scales: {x: {stacked: true, beginAtZero: true, ticks: {precision: 0}},
                                       y: {stacked: true, ticks: {autoSkip: false}}}}
  });
})();
