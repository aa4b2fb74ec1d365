import pg from 'pg';
const stats = new Map();
const orig = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, values, cb) {
  let text = typeof config === 'string' ? config : config?.text;
  let vals = Array.isArray(values) ? values : config?.values;
  if (text) {
    const k = text.replace(/\s+/g, ' ').slice(0, 90);
    let bytes = text.length;
    for (const v of vals ?? []) bytes += v == null ? 0 : typeof v === 'string' ? v.length : JSON.stringify(v)?.length ?? 0;
    const s = stats.get(k) ?? { n: 0, bytes: 0 };
    s.n++; s.bytes += bytes; stats.set(k, s);
  }
  return orig.apply(this, arguments);
};
process.on('exit', () => {
  const rows = [...stats].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25);
  for (const [k, s] of rows) console.error(`${String(s.n).padStart(7)} ${String(Math.round(s.bytes / 1024)).padStart(8)} KB ${String(Math.round(s.bytes / s.n)).padStart(8)} B/q  ${k}`);
});
