// Draws the Ringkasan charts from /api/ringkasan/<id> (a table: columns and rows) with
// ECharts, and a person's omzet history from the data in its element. No build step.
(function () {
  'use strict';
  var COLORS = { berkembang: '#2e7d32', stagnan: '#f9a825', menurun: '#c62828', belum_cukup_data: '#90a4ae', none: '#cfd8dc' };
  var charts = [];

  function toolbox(title, labels) {
    return { feature: { saveAsImage: { title: labels.png, name: title, pixelRatio: 2 } } };
  }

  var number = new Intl.NumberFormat('id-ID');
  function axis() {
    return { type: 'value', axisLabel: { formatter: function (v) { return number.format(v); } } };
  }

  function option(table, labels) {
    var cols = table.columns;
    var rows = table.rows;
    var base = { title: { text: table.title, textStyle: { fontSize: 14 } }, toolbox: toolbox(table.title, labels), tooltip: { trigger: 'axis' }, grid: { left: 60, right: 20, bottom: 40, top: 50 } };
    if (rows.length === 0) {
      base.title.subtext = labels.noData;
      return base;
    }
    var x = rows.map(function (r) { return r[cols[0].key]; });
    if (table.kind === 'bar' || table.kind === 'line') {
      base.xAxis = { type: 'category', data: x };
      base.yAxis = axis();
      base.series = [{ name: cols[1].header, type: table.kind, data: rows.map(function (r) { return r[cols[1].key]; }), smooth: table.kind === 'line' }];
    } else if (table.kind === 'stacked') {
      base.legend = { bottom: 0, type: 'scroll' };
      base.grid.bottom = 60;
      base.xAxis = { type: 'category', data: x, axisLabel: { interval: 0, rotate: x.length > 4 ? 30 : 0 } };
      base.yAxis = axis();
      base.series = cols.slice(1).map(function (c) {
        return { name: c.header, type: 'bar', stack: 'status', itemStyle: { color: COLORS[c.key] }, data: rows.map(function (r) { return r[c.key]; }) };
      });
    } else if (table.kind === 'pie') {
      var r = rows[0];
      base.tooltip = { trigger: 'item' };
      base.title.subtext = r.period + ' · ' + r.rate + '%';
      base.legend = { bottom: 0 };
      base.series = [{ type: 'pie', radius: ['40%', '65%'], label: { show: false }, data: [
        { name: labels.answered, value: r.answered, itemStyle: { color: '#2e7d32' } },
        { name: labels.notAnswered, value: r.invited - r.answered, itemStyle: { color: '#cfd8dc' } }
      ] }];
    } else if (table.kind === 'funnel') {
      base.tooltip = { trigger: 'item' };
      base.series = [{ type: 'funnel', sort: 'none', top: 50, data: rows.map(function (r) { return { name: r.stage, value: r.count }; }), label: { formatter: '{b}: {c}' } }];
    }
    return base;
  }

  function draw(el, labels) {
    fetch('/api/ringkasan/' + el.getAttribute('data-chart'), { credentials: 'same-origin' })
      .then(function (res) { if (!res.ok) throw new Error(res.status); return res.json(); })
      .then(function (table) {
        var chart = echarts.init(el);
        chart.setOption(option(table, labels));
        charts.push(chart);
        el.setAttribute('data-drawn', String(table.rows.length));
      })
      .catch(function () { el.textContent = labels.noData; });
  }

  var container = document.querySelector('[data-labels]');
  if (container) {
    var labels = JSON.parse(container.getAttribute('data-labels'));
    document.querySelectorAll('[data-chart]').forEach(function (el) { draw(el, labels); });
  }
  var omzet = document.getElementById('omzet-chart');
  if (omzet) {
    var data = JSON.parse(omzet.getAttribute('data-series'));
    var chart = echarts.init(omzet);
    chart.setOption({ tooltip: { trigger: 'axis' }, grid: { left: 80, right: 20, top: 20, bottom: 30 }, xAxis: { type: 'category', data: data.labels }, yAxis: axis(), series: [{ name: data.title, type: 'line', data: data.values }] });
    charts.push(chart);
    omzet.setAttribute('data-drawn', String(data.values.length));
  }
  // Pengumuman: the recipient count follows what is typed; delivery counts follow the sends.
  var segment = document.getElementById('announce-segment');
  var countEl = document.getElementById('recipient-count');
  if (segment && countEl) {
    var timer = null;
    var update = function () {
      if (!segment.value.trim()) { countEl.textContent = ''; return; }
      fetch('/api/pengumuman/penerima?segment=' + encodeURIComponent(segment.value), { credentials: 'same-origin' })
        .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
        .then(function (r) {
          countEl.className = r.ok ? 'info' : 'error';
          countEl.textContent = r.ok ? r.body.text + ' — ' + r.body.segment : r.body.error;
          countEl.setAttribute('data-total', r.ok ? String(r.body.total) : '');
        });
    };
    segment.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(update, 300); });
    update();
  }
  var delivery = document.getElementById('delivery');
  if (delivery) {
    var poll = function () {
      fetch('/api/pengumuman/' + delivery.getAttribute('data-broadcast'), { credentials: 'same-origin' })
        .then(function (res) { return res.json(); })
        .then(function (c) {
          ['sent', 'waiting', 'failed', 'skipped', 'recipients'].forEach(function (k) {
            var el = delivery.querySelector('[data-count="' + k + '"]');
            if (el && c[k] !== null && c[k] !== undefined) el.textContent = String(c[k]);
          });
          if (c.status !== 'finished') setTimeout(poll, 1500);
        });
    };
    setTimeout(poll, 1000);
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
