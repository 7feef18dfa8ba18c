// web_browser.cjs - drives Debian's chromium through puppeteer-core over
// netledgerd's history page (run by web.sh, which sets the scene). Every
// request that is not for the daemon's own address is refused and fails
// the test. Exit status 0 when every check passes.
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const puppeteer = require(process.env.NLG_PUPPETEER);

const env = (k) => {
  if (!process.env[k]) throw new Error(k + ' is not set');
  return process.env[k];
};
const BASE = env('NLG_URL');
const M1 = Number(env('NLG_M1')), M2 = Number(env('NLG_M2'));
const FIRST = env('NLG_FIRST'), SECOND = env('NLG_SECOND');
const SHOTS = env('NLG_SHOTS');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const problems = [];
function check(ok, what) {
  console.log((ok ? 'ok - ' : 'FAIL: ') + what);
  if (!ok) problems.push(what);
}
// App names carry the process name (15 characters at most) and maybe more.
const isApp = (name, prog) => name.startsWith(prog.slice(0, 15));

function history(args) {
  const out = execFileSync(env('NETLEDGER'), ['history', '--db', env('NLG_DB'), '--json', ...args]);
  return JSON.parse(out.toString());
}

async function openPage(browser, url, size) {
  const page = await browser.newPage();
  page.nlgBlocked = [];
  page.nlgDialogs = [];
  page.nlgErrors = [];
  await page.setRequestInterception(true);
  page.on('request', (r) => {
    if (r.url() === BASE || r.url().startsWith(BASE + '/')) return r.continue();
    page.nlgBlocked.push(r.url());
    return r.abort();
  });
  page.on('dialog', (d) => { page.nlgDialogs.push(d.message()); d.dismiss(); });
  page.on('pageerror', (e) => page.nlgErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') page.nlgErrors.push(m.text()); });
  await page.evaluateOnNewDocument(() => {
    window.nlgCsp = [];
    window.addEventListener('securitypolicyviolation', (e) => window.nlgCsp.push(e.violatedDirective));
  });
  await page.setViewport(size);
  const resp = await page.goto(url, { waitUntil: 'load' });
  page.nlgCspHeader = resp.headers()['content-security-policy'] || '';
  await page.waitForFunction(() => document.body.dataset.loaded && window.nlgChart, { timeout: 20000 });
  return page;
}

// A row: the app's key (what selects it), the name it shows (the name
// cell's own text, without the "rest of the apps" note) and its bytes.
const tableRows = (page) => page.$$eval('#apps-table tbody tr', (trs) => trs.map((tr) => ({
  key: tr.dataset.app, rx: Number(tr.dataset.rx), tx: Number(tr.dataset.tx),
  name: tr.cells[0].firstChild ? tr.cells[0].firstChild.textContent : '',
  text: tr.cells[0].textContent,
})));

async function timelineHasPoints(page) {
  const chart = await page.evaluate(() => window.nlgChart.data);
  const hist = history(['--minutes', '--since', '@' + (M1 - 120)]);
  const moved = hist.rows.filter((r) => r.rx_bytes + r.tx_bytes > 0);
  check(moved.some((r) => r.start === M1) && moved.some((r) => r.start === M2),
    'history has traffic in both minutes');
  // Minutes over (and written) when the page loaded are drawn whole.
  const loaded = Number(await page.evaluate(() => document.body.dataset.loaded)) / 1000;
  let same = moved.length > 0;
  for (const r of moved) {
    const i = chart[0].indexOf(r.start);
    const over = r.start + 60 <= loaded - 2;
    if (i < 0 || (over && (Math.abs(chart[1][i] * 60 - r.rx_bytes) > 0.5 ||
                           Math.abs(chart[2][i] * 60 - r.tx_bytes) > 0.5))) {
      console.log('  bucket', r.start, 'history', r.rx_bytes, r.tx_bytes, 'chart',
        i < 0 ? 'none' : [chart[1][i] * 60, chart[2][i] * 60]);
      same = false;
    }
  }
  check(same, 'the timeline has each recorded minute with its bytes (' + moved.length + ' buckets)');
}

async function dragSecond(page) {
  const box = await page.$eval('#chart .u-over', (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left, y: r.top, h: r.height };
  });
  const [a, b] = await page.evaluate((m) => [window.nlgChart.valToPos(m + 8, 'x'),
    window.nlgChart.valToPos(m + 52, 'x')], M2);
  const before = await page.evaluate(() => document.body.dataset.loaded);
  const y = box.y + box.h / 2;
  await page.mouse.move(box.x + a, y);
  await page.mouse.down();
  await page.mouse.move(box.x + b, y, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction((b0) => document.body.dataset.loaded !== b0, { timeout: 10000 }, before);
  const q = new URL(page.url()).searchParams;
  check(Number(q.get('since')) === M2 && Number(q.get('until')) === M2 + 60,
    'the drag selects the second minute: ' + page.url());
}

async function secondOnly(page) {
  const rows = await tableRows(page);
  const range = await page.$eval('#apps-table', (t) => ({ ...t.dataset }));
  const cli = history(['--apps', '--' + range.resolution + 's', '--since', '@' + range.since,
    '--until', '@' + range.until]);
  const want = cli.apps.find((x) => isApp(x.name, SECOND));
  const got = rows.find((x) => isApp(x.name, SECOND));
  console.log('  table', JSON.stringify(rows.map((r) => [r.name, r.key, r.rx, r.tx])));
  console.log('  history --apps', JSON.stringify(cli.apps.map((r) => [r.name, r.key, r.rx_bytes, r.tx_bytes])));
  check(want && want.tx_bytes >= 5000000, 'history has the second program\'s 5 MB in its minute');
  check(got && want && got.rx === want.rx_bytes && got.tx === want.tx_bytes,
    'the table shows the second program with the bytes of history --apps for that range');
  check(!rows.some((x) => isApp(x.name, FIRST)), 'the table does not show the first program');
  check(rows.length === cli.apps.length && rows.every((r, i) => r.name === cli.apps[i].name &&
    r.key === cli.apps[i].key && r.rx === cli.apps[i].rx_bytes && r.tx === cli.apps[i].tx_bytes),
  'every row equals history --apps, in the same order');
  return rows;
}

async function hostile(page) {
  const rows = await tableRows(page);
  const row = rows.find((x) => isApp(x.name, FIRST));
  check(row && row.text.startsWith(FIRST.slice(0, 15)), 'the HTML-named program shows as text: ' +
    (row ? row.text : 'missing'));
  const imgs = await page.$$eval('main img, #now img', (e) => e.length);
  check(imgs === 0, 'no element was made from the name');
  check(page.nlgDialogs.length === 0, 'no script from the name ran (dialogs: ' + page.nlgDialogs.length + ')');
  check(page.nlgCspHeader.includes("script-src 'self'") && !page.nlgCspHeader.includes('unsafe-inline'),
    'the page carries a CSP without inline scripts');
}

async function livePanel(page) {
  const s0 = await page.$eval('#now', (e) => Number(e.dataset.samples || 0));
  await page.waitForFunction((s) => Number(document.getElementById('now').dataset.samples || 0) > s,
    { timeout: 8000 }, s0).catch(() => {});
  const s1 = await page.$eval('#now', (e) => Number(e.dataset.samples || 0));
  const ifs = await page.$$eval('#now-ifaces tbody tr', (t) => t.map((r) => r.cells[0].textContent));
  check(s1 > s0 && ifs.includes('wb0'), 'the live panel updates (sample ' + s0 + ' -> ' + s1 + ')');
}

async function appTimeline(page) {
  const before = await page.evaluate(() => document.body.dataset.loaded);
  const rows = await tableRows(page);
  const app = rows.find((x) => isApp(x.name, SECOND));
  check(app && app.key, 'the second program has a row with a key: ' + JSON.stringify(app));
  if (!app || !app.key) return;
  await page.$$eval('#apps-table tbody tr', (trs, k) => {
    trs.find((tr) => tr.dataset.app === k).click();
  }, app.key);
  await page.waitForFunction((b0) => document.body.dataset.loaded !== b0, { timeout: 10000 }, before);
  const shown = await page.$eval('#error', (e) => e.textContent);
  if (shown) console.log('  the page says: ' + shown);
  const q = new URL(page.url()).searchParams;
  const title = await page.$eval('#chart-title', (e) => e.textContent);
  const data = await page.evaluate(() => window.nlgChart.data);
  const i = data[0].indexOf(M2);
  check(q.get('app') === app.key && title.includes(SECOND) && i >= 0 && data[2][i] * 60 >= 5000000,
    'clicking the app shows its own timeline');
}

async function shot(page, name, size, dark) {
  await page.setViewport(size);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }]);
  await sleep(700);
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file });
  console.log('  screenshot ' + file);
}

(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    userDataDir: env('NLG_PROFILE'),
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const wide = { width: 1280, height: 800, deviceScaleFactor: 1 };
  const phone = { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true };
  const pages = [];
  try {
    const page = await openPage(browser, BASE + '/?range=hour', wide);
    pages.push(page);
    await timelineHasPoints(page);
    await hostile(page);
    await livePanel(page);
    await shot(page, 'web-1280x800.png', wide, false);
    await shot(page, 'web-1280x800-dark.png', wide, true);
    await shot(page, 'web-390x844.png', phone, false);
    await shot(page, 'web-390x844-dark.png', phone, true);
    await page.setViewport(wide);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
    // Once the second minute is over and written, its numbers no longer
    // move (the browser's own loopback traffic is an app too).
    const wait = (M2 + 63) * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => document.body.dataset.loaded && window.nlgChart, { timeout: 20000 });
    await timelineHasPoints(page);
    await dragSecond(page);
    const rows = await secondOnly(page);
    await shot(page, 'web-1280x800-selected.png', wide, false);

    const again = await openPage(browser, page.url(), wide);
    pages.push(again);
    const rows2 = await tableRows(again);
    check(JSON.stringify(rows2) === JSON.stringify(rows), 'reopening the URL gives the same table');
    await page.bringToFront();
    await appTimeline(page);
    await shot(page, 'web-1280x800-app.png', wide, false);
    for (const p of pages) {
      const csp = await p.evaluate(() => window.nlgCsp);
      check(p.nlgBlocked.length === 0, 'the page asked for nothing beyond the daemon: ' +
        JSON.stringify(p.nlgBlocked));
      check(csp.length === 0 && p.nlgErrors.length === 0, 'no CSP violation or script error: ' +
        JSON.stringify(csp.concat(p.nlgErrors)));
      check(p.nlgDialogs.length === 0, 'no dialog opened');
    }
  } catch (e) {
    check(false, 'browser run: ' + (e.stack || e));
  }
  for (const p of pages) console.log('  page errors: ' + JSON.stringify(p.nlgErrors));
  await browser.close();
  console.log(problems.length ? problems.length + ' checks failed' : 'all browser checks passed');
  process.exit(problems.length ? 1 : 0);
})();
