// chart.js - the timeline: bytes per bucket from the API drawn as rates
// with uPlot (loaded before this module), the live points after the last
// bucket, and the range a drag selects.
import { axisRate, rate, when } from './fmt.js';

const STEP = { minute: 60, hour: 3600, day: 86400 };

function cssVar(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function bucketStarts(res, since, until) {
  const out = [];
  if (res === 'month') {
    const d = new Date(since * 1000);
    for (let y = d.getUTCFullYear(), m = d.getUTCMonth(); ; m++) {
      const t = Date.UTC(y, m, 1) / 1000;
      if (t >= until || out.length > 3000) break;
      out.push(t);
    }
    return out;
  }
  for (let t = since; t < until; t += STEP[res]) out.push(t);
  return out;
}

// Bytes per bucket become its average rate over the whole bucket, so that
// buckets of any size and the live per-second points share one axis (the
// bucket under way grows as its bytes are written). Buckets that have not
// begun are left empty.
export function toView(doc, now) {
  const times = bucketStarts(doc.resolution, doc.since, doc.until);
  const at = new Map(doc.rows.map((r) => [r.start, r]));
  const rx = [], tx = [];
  times.forEach((t, i) => {
    const secs = (i + 1 < times.length ? times[i + 1] : doc.until) - t;
    const r = at.get(t);
    rx.push(t > now ? null : (r ? r.rx_bytes : 0) / secs);
    tx.push(t > now ? null : (r ? r.tx_bytes : 0) / secs);
  });
  return { res: doc.resolution, since: doc.since, until: doc.until, times, rx, tx };
}

// The view's buckets, then the live points (time, rx, tx rates) after them.
export function chartData(view, tail) {
  const t = view.times.slice(), rx = view.rx.slice(), tx = view.tx.slice();
  for (const p of tail) {
    if (p[0] <= t[t.length - 1]) continue;
    t.push(p[0]); rx.push(p[1]); tx.push(p[2]);
  }
  return [t, rx, tx];
}

// The whole buckets of the view that a selection of pixels covers.
function selected(u, view) {
  const a = u.posToVal(u.select.left, 'x'), b = u.posToVal(u.select.left + u.select.width, 'x');
  const starts = view.times;
  let i = 0;
  while (i + 1 < starts.length && starts[i + 1] <= a) i++;
  let j = i;
  while (j < starts.length && starts[j] < b) j++;
  return { since: starts[i], until: j < starts.length ? starts[j] : view.until };
}

// uPlot selects with a mouse; a finger drawn sideways selects too (the page
// still scrolls up and down: see touch-action in the CSS).
function touchSelect(u, done) {
  let x0 = null;
  const at = (e) => e.touches[0].clientX - u.over.getBoundingClientRect().left;
  u.over.addEventListener('touchstart', (e) => {
    x0 = e.touches.length === 1 ? at(e) : null;
  }, { passive: true });
  u.over.addEventListener('touchmove', (e) => {
    if (x0 === null || e.touches.length !== 1) return;
    const x = Math.max(0, Math.min(at(e), u.over.clientWidth));
    u.setSelect({ left: Math.min(x0, x), width: Math.abs(x - x0), top: 0, height: u.over.clientHeight }, false);
  }, { passive: true });
  u.over.addEventListener('touchend', () => {
    if (x0 !== null) done(u);
    x0 = null;
  });
}

// Draws view and tail into box (replacing what is there); onRange gets the
// {since, until} of whole buckets that a drag selects.
export function makeChart(box, view, tail, onRange) {
  box.textContent = '';
  const steps = uPlot.paths.stepped({ align: 1 });   // a bucket's rate holds to its end
  const axis = { stroke: cssVar('--muted'), grid: { stroke: cssVar('--line') }, ticks: { stroke: cssVar('--line') } };
  const line = (label, color) => ({
    label, stroke: color, fill: color + '33', width: 1.5, paths: steps, points: { show: false },
    value: (u, v) => (v == null ? '-' : rate(v)),
  });
  const done = (u) => {
    if (u.select.width < 3) return;
    const r = selected(u, view);
    u.setSelect({ left: 0, width: 0 }, false);
    onRange(r);
  };
  const opts = {
    width: Math.max(box.clientWidth, 200),
    height: window.innerWidth < 600 ? 220 : 300,
    cursor: { drag: { x: true, y: false, setScale: false } },
    scales: { x: { time: true }, y: { range: (u, lo, hi) => [0, Math.max(hi, 1) * 1.08] } },
    axes: [
      Object.assign({}, axis),
      Object.assign({}, axis, { size: 84, values: (u, vals) => vals.map(axisRate) }),
    ],
    series: [
      { value: (u, v) => (v == null ? '-' : when(v, view.res === 'day' || view.res === 'month' ? view.res : 'minute')) },
      line('received', cssVar('--rx')),
      line('sent', cssVar('--tx')),
    ],
    hooks: { setSelect: [done] },
  };
  const u = new uPlot(opts, chartData(view, tail), box);
  touchSelect(u, done);
  return u;
}
