// The WhatsApp page: asks /api/whatsapp every few seconds and shows the state, the QR
// (drawn by the server as a PNG, reloaded as WhatsApp refreshes it) and the pairing code.
(function () {
  'use strict';
  var root = document.getElementById('whatsapp');
  if (!root) return;
  var every = Number(root.getAttribute('data-poll')) || 5000;
  function byId(id) { return document.getElementById(id); }
  function show(el, on) { if (el) { el.hidden = !on; } }
  function apply(v) {
    var state = byId('wa-state');
    state.textContent = v.stateText;
    state.className = 'status status-' + v.state;
    byId('wa-since').textContent = v.since || '';
    byId('wa-detail').textContent = v.detail || '';
    var img = byId('wa-qr');
    if (img) {
      show(img, v.qr);
      show(byId('wa-qr-help'), v.qr);
      if (v.qr) img.src = '/api/whatsapp/qr.png?t=' + Date.now();
      else img.removeAttribute('src');
    }
    var code = byId('wa-code');
    if (code) {
      code.textContent = v.pairingCode || '';
      show(byId('wa-code-wrap'), Boolean(v.pairingCode));
    }
  }
  function poll() {
    fetch('/api/whatsapp', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (v) { if (v) apply(v); })
      .catch(function () { /* try again on the next tick */ })
      .then(function () { setTimeout(poll, every); });
  }
  setTimeout(poll, every);
})();
