// fmt.js - numbers, times and elements for the history page. Text goes
// into elements only through textContent.

export function bytes(n) {
  const u = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : String(Math.round(n))) + ' ' + u[i];
}
export const rate = (n) => bytes(n) + '/s';
// Axis labels: three significant digits at most, so that they fit.
export function axisRate(n) {
  const u = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (n >= 100 || n === 0 || !i ? String(Math.round(n)) : n.toFixed(1)) + ' ' + u[i];
}
export function when(t, res) {
  const d = new Date(t * 1000);
  const o = res === 'month' ? { year: 'numeric', month: 'short' }
    : res === 'day' ? { year: 'numeric', month: 'short', day: 'numeric' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' };
  return d.toLocaleString(undefined, o);
}
export function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

