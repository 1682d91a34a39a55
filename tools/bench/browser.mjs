// browser.mjs — the card's figures in Chromium against the reference server, for each N:
//   * gzip size of everything the page downloads (the app shell, every response but /api)
//   * first full download of N clients (paged pull) until every client is in the card
//   * time from navigation to the first card drawn with cached data (a reload, data in IndexedDB)
//   * memory: the wasm heap and the JavaScript heap after the reload
//   * one edit (a tag typed on the quick card, Enter): time until it is saved in IndexedDB, and until the
//     server confirmed it (push round trip); both include the frame that reads the key
// Usage: node tools/bench/browser.mjs 2000 20000 100000
import { gzipSync } from 'node:zlib';
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, webRoot } from '../../tests/e2e/lib.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (!sizes.length) sizes.push(2000, 20000, 100000);
const results = [];

async function waitFor(page, predicate, arg, timeout) {
  await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
}

async function find(page, label, role) {
  for (let i = 0; i < 200; i++) {
    const hit = await page.evaluate(([l, r]) => window.clientcard.tree().find((n) => n.label === l && (!r || n.role === r)), [label, role]);
    if (hit) return hit;
    await page.waitForTimeout(50);
  }
  throw new Error(`no ${label}`);
}

async function timeEdit(page) {
  const row = await page.evaluate(() => window.clientcard.tree().find((n) => n.role === 'listitem'));
  await page.mouse.click(row.x + 40, row.y + row.h / 2);
  await page.evaluate(() => window.clientcard.idle());
  // The quick card's tag box: always on screen, and Enter commits (tag.add).
  const tag = await find(page, '+ Add tag', 'textbox');
  await page.mouse.click(tag.x + 40, tag.y + tag.h / 2);
  await page.evaluate(() => window.clientcard.idle());
  await page.keyboard.type(`bench-${Date.now() % 100000}`);
  const before = await page.evaluate(() => window.clientcard.status().saved_seq);
  const t = Date.now();
  await page.keyboard.press('Enter');
  await waitFor(page, (b) => window.clientcard.status().saved_seq > b, before, 60000);
  const saved = Date.now() - t;
  await waitFor(page, () => { const s = window.clientcard.status(); return s.pending === 0 && s.overall === 'synced'; }, null, 60000);
  return { edit_saved_ms: saved, edit_confirmed_ms: Date.now() - t };
}

for (const n of sizes) {
  const seedStart = Date.now();
  const server = await startServer({ demo: n });
  const seedMs = Date.now() - seedStart;
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => { window.ClientCardOptions = { token: 'demo-admin-token' }; });
  const page = await context.newPage();
  const shell = new Set();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (!u.pathname.startsWith('/api/')) shell.add(u.pathname === '/' ? '/index.html' : u.pathname);
  });

  // First visit: the whole dataset comes down page by page.
  // Headless Chromium draws a page it considers in the background about once a second: the
  // figures are for a page in front, as a user has it.
  await page.bringToFront();
  const t0 = Date.now();
  await page.goto(server.url);
  await waitFor(page, () => window.clientcard && window.clientcard.status, null, 60000);
  await waitFor(page, (want) => {
    const s = window.clientcard.status();
    return s.clients >= want && s.sync === 'idle';
  }, n, 30 * 60000);
  const downloadMs = Date.now() - t0;
  const firstUsableMs = await page.evaluate(() => window.clientcard.status().first_data_frame_ms);
  await page.evaluate(() => window.clientcard.idle());

  // Reload: the card draws from IndexedDB (the server stays up; the first frame with data does
  // not wait for it).
  await page.reload();
  await page.bringToFront();
  await waitFor(page, () => window.clientcard && window.clientcard.status && window.clientcard.status().first_data_frame_ms > 0, null, 10 * 60000);
  const status = await page.evaluate(() => window.clientcard.status());
  const jsHeap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));

  // One edit, as a user makes it.
  const edit = await timeEdit(page);

  let gzip = 0;
  const files = [];
  for (const path of [...shell].sort()) {
    const file = join(webRoot, path);
    if (!existsSync(file)) continue;
    const size = gzipSync(readFileSync(file), { level: 9 }).length;
    gzip += size;
    files.push(`${path.slice(1)} ${(size / 1024).toFixed(1)} KB`);
  }
  results.push({ clients: n, seed_ms: seedMs, download_gzip_bytes: gzip, files,
    first_download_ms: downloadMs, first_usable_ms: Math.round(firstUsableMs), ...edit, first_card_cached_ms: Math.round(status.first_data_frame_ms),
    wasm_heap_mb: +(status.wasm_heap_bytes / 1048576).toFixed(1), js_heap_mb: +(jsHeap / 1048576).toFixed(1) });
  await browser.close();
  await server.stop();
  server.cleanup();
}

const pad = (s, w) => String(s).padStart(w);
console.log('figure'.padEnd(44) + results.map((r) => pad(`${r.clients}`, 12)).join(''));
const row = (name, f) => console.log(name.padEnd(44) + results.map((r) => pad(f(r), 12)).join(''));
row('page download, gzip (KB)', (r) => (r.download_gzip_bytes / 1024).toFixed(1));
row('first full download of the clients (s)', (r) => (r.first_download_ms / 1000).toFixed(1));
row('first download: first card usable (ms)', (r) => r.first_usable_ms);
row('navigation -> first card from cache (ms)', (r) => r.first_card_cached_ms);
row('edit -> saved in IndexedDB (ms)', (r) => r.edit_saved_ms);
row('edit -> confirmed by the server (ms)', (r) => r.edit_confirmed_ms);
row('wasm heap after reload (MB)', (r) => r.wasm_heap_mb);
row('JS heap after reload, incl. IDBFS files (MB)', (r) => r.js_heap_mb);
console.log(`downloaded files: ${results[0]?.files.join(', ')}`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/browser.json', JSON.stringify(results, null, 2));
