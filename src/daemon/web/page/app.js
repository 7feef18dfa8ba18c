// app.js - the netledger history page: what the URL asks for, the apps
// table, the live panel. Names come from other users' programs: they reach
// the page only through textContent and element properties, never as
// markup.
import { bytes, rate, when, el } from './fmt.js';
import { chartData, makeChart, toView } from './chart.js';

const $ = (id) => document.getElementById(id);
const PRESETS = ['hour', 'day', 'week', 'month', 'year', 'billing'];
const PRESET_TEXT = {
  hour: 'last hour', day: 'last 24 hours', week: 'last 7 days', month: 'last 30 days',
  year: 'last year', billing: 'this billing month',
};
let state = {};          // what the URL says: range | since+until, iface, app
let chart = null;
let view = null;         // the series shown: {res, since, until, times, rx, tx}
let tail = [];           // live points after the last bucket: [t, rx rate, tx rate]
let lastLive = null;
let refreshAt = 0;

// --- the URL holds the view ---
function readUrl() {
  const q = new URLSearchParams(location.search);
  const s = {};
  if (q.has('since') && q.has('until')) {
    s.since = Number(q.get('since'));
    s.until = Number(q.get('until'));
  } else {
    s.range = PRESETS.includes(q.get('range')) ? q.get('range') : 'day';
  }
  if (q.get('iface')) s.iface = q.get('iface');
  if (q.get('app')) s.app = q.get('app');
  return s;
}
function query(s, withSeries) {
  const q = new URLSearchParams();
  if (s.range) q.set('range', s.range);
  else { q.set('since', String(s.since)); q.set('until', String(s.until)); }
  if (withSeries && s.app) q.set('app', s.app);
  else if (withSeries && s.iface) q.set('iface', s.iface);
  return q;
}
function go(next) {
  state = next;
  const q = query(state, false);
  if (state.iface) q.set('iface', state.iface);
  if (state.app) q.set('app', state.app);
  history.pushState(null, '', '?' + q.toString());
  load();
}

async function getJson(url) {
  const r = await fetch(url, { cache: 'no-store' });
  const doc = await r.json();
  if (!r.ok) throw new Error(doc.error || ('HTTP ' + r.status));
  return doc;
}
function showError(e) {
  const p = $('error');
  p.hidden = !e;
  p.textContent = e ? String(e.message || e) : '';
}

// --- timeline ---
function draw() {
  if (chart) chart.destroy();
  chart = makeChart($('chart'), view, tail, (r) => {
    const next = { since: r.since, until: r.until };
    if (state.iface) next.iface = state.iface;
    if (state.app) next.app = state.app;
    go(next);
  });
  window.nlgChart = chart;
}

// An app is selected by its key (state.app) and titled by its name, which
// the series answer gives.
function title(appName) {
  const what = state.app ? 'App ' : state.iface ? 'Interface ' : '';
  const name = (state.app && (appName || state.app)) || state.iface || 'All interfaces but loopback';
  const h = $('chart-title');
  h.textContent = what + name;
  $('clear-app').hidden = !state.app;
}
function rangeText(doc) {
  const lead = state.range ? PRESET_TEXT[state.range] + ': ' : '';
  return lead + when(doc.since, doc.resolution) + ' – ' + when(doc.until, doc.resolution) +
    ', by ' + doc.resolution;
}

// --- apps table ---
function bar(rx, tx, max) {
  const b = el('div', undefined, 'bar');
  const w = (x) => (max ? (100 * x) / max : 0).toFixed(2) + '%';
  const r = el('span', undefined, 'rx'), t = el('span', undefined, 'tx');
  r.style.width = w(rx);
  t.style.width = w(tx);
  b.append(r, t);
  return b;
}
function appRow(a, max) {
  const tr = document.createElement('tr');
  tr.dataset.app = a.key;
  tr.dataset.rx = String(a.rx_bytes);
  tr.dataset.tx = String(a.tx_bytes);
  if (state.app === a.key) tr.className = 'selected';
  const name = el('td', a.name, 'name');
  if (a.kind === 'other') name.append(el('span', 'rest of the apps', 'kind'));
  const share = el('td', undefined, 'share');
  share.append(bar(a.rx_bytes, a.tx_bytes, max));
  tr.append(name, el('td', bytes(a.rx_bytes), 'num'), el('td', bytes(a.tx_bytes), 'num'),
    el('td', bytes(a.rx_bytes + a.tx_bytes), 'num'), share);
  tr.addEventListener('click', () => {
    const next = Object.assign({}, state, { app: a.key });
    delete next.iface;
    go(next);
  });
  return tr;
}
function renderApps(doc) {
  const body = $('apps-table').tBodies[0], foot = $('apps-table').tFoot;
  body.textContent = '';
  foot.textContent = '';
  const max = doc.apps.reduce((m, a) => Math.max(m, a.rx_bytes + a.tx_bytes), 0);
  for (const a of doc.apps) body.append(appRow(a, max));
  $('apps-empty').hidden = doc.apps.length > 0;
  let rx = 0, tx = 0;
  for (const i of doc.interfaces) {
    rx += i.rx_bytes; tx += i.tx_bytes;
    const tr = document.createElement('tr');
    tr.dataset.iface = i.name;
    tr.append(el('td', 'interface ' + i.name, 'name'), el('td', bytes(i.rx_bytes), 'num'),
      el('td', bytes(i.tx_bytes), 'num'), el('td', bytes(i.rx_bytes + i.tx_bytes), 'num'),
      el('td', undefined, 'share'));
    foot.append(tr);
  }
  const note = document.createElement('tr');
  const td = el('td', 'Interfaces count wire bytes (headers included); apps count their sockets\u2019 bytes.');
  td.colSpan = 5;
  note.append(td);
  foot.append(note);
  $('apps-range').textContent = rangeText(doc);
  $('apps-table').dataset.since = String(doc.since);
  $('apps-table').dataset.until = String(doc.until);
  $('apps-table').dataset.resolution = doc.resolution;
}

// --- loading ---
async function load() {
  refreshAt = Date.now() + 30000;   // also while this one is under way
  title();
  document.querySelectorAll('#ranges button').forEach((b) =>
    b.setAttribute('aria-pressed', String(b.dataset.range === state.range)));
  $('iface').value = state.iface || '';
  try {
    const [series, apps] = await Promise.all([
      getJson('/api/v1/series?' + query(state, true)),
      getJson('/api/v1/apps?' + query(state, false)),
    ]);
    const now = lastLive ? lastLive.time : Date.now() / 1000;
    view = toView(series, now);
    tail = tail.filter((p) => p[0] > view.times[view.times.length - 1]);
    $('chart-range').textContent = rangeText(series);
    if (state.app) title(series.name);
    draw();
    renderApps(apps);
    showError(null);
  } catch (e) {
    showError(e);
  }
  document.body.dataset.loaded = String(Date.now());
}

// --- live ---
function liveRow(name, rx, tx) {
  const tr = document.createElement('tr');
  tr.append(el('td', name, 'name'), el('td', rate(rx), 'num'), el('td', rate(tx), 'num'));
  return tr;
}
function renderLive(doc) {
  const ifs = $('now-ifaces').tBodies[0], apps = $('now-apps').tBodies[0];
  ifs.textContent = '';
  apps.textContent = '';
  for (const i of doc.interfaces) ifs.append(liveRow(i.name, i.rx_rate, i.tx_rate));
  const busy = doc.apps.filter((a) => a.rx_rate + a.tx_rate > 0);
  for (const a of busy) apps.append(liveRow(a.name, a.rx_rate, a.tx_rate));
  if (!busy.length) {
    const td = el('td', 'no app traffic right now', 'muted');
    td.colSpan = 3;
    const tr = document.createElement('tr');
    tr.append(td);
    apps.append(tr);
  }
  $('now-time').textContent = new Date(doc.time * 1000).toLocaleTimeString();
  $('now').dataset.samples = String(doc.samples);
}
// With a named range the chart ends now: each second adds the live rate
// of what it shows after the last bucket.
function extendTail(doc) {
  if (!view || !state.range || state.range === 'billing' && doc.time >= view.until) return;
  let rx = doc.all.rx_rate, tx = doc.all.tx_rate;
  if (state.iface || state.app) {
    const list = state.app ? doc.apps : doc.interfaces;
    const hit = state.app ? list.find((x) => x.key === state.app)
      : list.find((x) => x.name === state.iface);
    rx = hit ? hit.rx_rate : 0;
    tx = hit ? hit.tx_rate : 0;
  }
  tail.push([doc.time, rx, tx]);
  if (tail.length > 3600) tail.shift();
  if (chart) chart.setData(chartData(view, tail));
}
async function live() {
  try {
    const doc = await getJson('/api/v1/live');
    if (!lastLive || doc.samples !== lastLive.samples) {
      lastLive = doc;
      renderLive(doc);
      extendTail(doc);
    }
  } catch (e) {
    $('now-time').textContent = 'no live data: ' + (e.message || e);
  }
  if (state.range && Date.now() > refreshAt) load();
}

async function interfaces() {
  try {
    const doc = await getJson('/api/v1/ranges');
    const sel = $('iface');
    for (const i of doc.interfaces) {
      const o = document.createElement('option');
      o.value = i.name;
      o.textContent = i.name + (i.loopback ? ' (loopback)' : '');
      sel.append(o);
    }
    sel.value = state.iface || '';
  } catch (e) {
    showError(e);
  }
}

function start() {
  state = readUrl();
  document.querySelectorAll('#ranges button').forEach((b) => b.addEventListener('click', () => {
    const next = { range: b.dataset.range };
    if (state.iface) next.iface = state.iface;
    if (state.app) next.app = state.app;
    tail = [];
    go(next);
  }));
  $('iface').addEventListener('change', (e) => {
    const next = Object.assign({}, state);
    delete next.app;
    if (e.target.value) next.iface = e.target.value; else delete next.iface;
    tail = [];
    go(next);
  });
  $('clear-app').addEventListener('click', () => {
    const next = Object.assign({}, state);
    delete next.app;
    tail = [];
    go(next);
  });
  window.addEventListener('popstate', () => { state = readUrl(); tail = []; load(); });
  new ResizeObserver(() => {
    if (chart) chart.setSize({ width: Math.max($('chart').clientWidth, 200), height: chart.height });
  }).observe($('chart'));
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => view && draw());
  interfaces();
  load();
  live();
  setInterval(live, 1000);
}
start();
