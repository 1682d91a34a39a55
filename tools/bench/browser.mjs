// browser.mjs — the card's figures in Chromium against the reference server (its native-release
// build), for each N:
//   * gzip size of everything the page downloads (the app shell, every response but /api)
//   * first full download of N clients (paged pull) until every client is in the card and saved
//   * time from navigation to the first card drawn with cached data (a reload, data in IndexedDB)
//   * memory: the wasm heap at the first frame, and the wasm and JavaScript heaps once the
//     background decoding of the shards has finished (after a garbage collection; the JS heap
//     counts the ArrayBuffers it holds, i.e. MEMFS's copy of the store)
//   * edit -> saved, 50 edits (a tag typed on the quick card, Enter), timed in the page: from the
//     Enter keydown (a capture listener on window, event.timeStamp) to the syncfs(false) callback
//     that saved it (status().saves). Each edit is made on a settled card (the previous one pushed,
//     confirmed and its pull written), as a user making one edit after another at a human pace.
// Raw results: bench-results/browser.json. Usage: node tools/bench/browser.mjs 2000 20000 100000
import { gzipSync } from 'node:zlib';
import { readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, launchBrowser, webRoot } from '../../tests/e2e/lib.mjs';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
if (!sizes.length) sizes.push(2000, 20000, 100000);
const edits = Number(process.env.CC_BENCH_EDITS || 50);
const results = [];
const log = (...a) => console.error('[browser]', ...a);

async function waitFor(page, predicate, arg, timeout, polling = 100) {
  await page.waitForFunction(predicate, arg, { timeout, polling });
}

async function find(page, label, role) {
  for (let i = 0; i < 200; i++) {
    const hit = await page.evaluate(([l, r]) => window.clientcard.tree().find((n) => n.label === l && (!r || n.role === r)), [label, role]);
    if (hit) return hit;
    await page.waitForTimeout(50);
  }
  throw new Error(`no ${label}`);
}

// Nothing left to do: no frame, write or request pending, every edit confirmed and saved.
async function settled(page) {
  await waitFor(page, () => {
    const s = window.clientcard.status();
    return s.pending === 0 && s.overall === 'synced' && !s.saving && s.saved_seq >= s.next_seq - 1;
  }, null, 10 * 60000, 20);
  await page.evaluate(() => window.clientcard.idle());
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

// `count` edits, one after another on a settled card; per edit the times from the page.
async function timeEdits(page, count) {
  const row = await page.evaluate(() => window.clientcard.tree().find((n) => n.role === 'listitem'));
  await page.mouse.click(row.x + 40, row.y + row.h / 2);
  await page.evaluate(() => window.clientcard.idle());
  await settled(page);
  const samples = [];
  const stamp = Date.now() % 100000;
  for (let i = 0; i < count; i++) {
    // The quick card's tag box: always on screen, and Enter commits (tag.add).
    const tag = await find(page, '+ Add tag', 'textbox');
    await page.mouse.click(tag.x + 40, tag.y + tag.h / 2);
    await page.evaluate(() => window.clientcard.idle());
    await page.keyboard.type(`b${stamp}-${i}`);
    await page.evaluate(() => window.clientcard.idle());
    const seq = await page.evaluate(() => window.clientcard.status().next_seq);
    await page.keyboard.press('Enter');
    await waitFor(page, (q) => window.clientcard.status().saved_seq >= q, seq, 60000, 5);
    const sample = await page.evaluate((q) => {
      const key = window.__ccBenchEnter[window.__ccBenchEnter.length - 1];
      const save = window.clientcard.status().saves.find((s) => s.upto_seq >= q);
      // Long tasks that ran between the key and the save, and their time inside that span.
      const long = window.__ccBenchLong.filter(([t, d]) => t + d > key && t < save.at_ms);
      const busy = long.reduce((a, [t, d]) => a + Math.min(t + d, save.at_ms) - Math.max(t, key), 0);
      return { key_ms: key, saved_at_ms: save.at_ms, sync_ms: save.sync_ms, base_ms: save.base_ms, long_tasks: long.length, busy_ms: busy };
    }, seq);
    samples.push({
      saved_ms: +(sample.saved_at_ms - sample.key_ms).toFixed(2),
      // From the key to the start of the syncfs: waiting for a frame, the core's update, the
      // files written into MEMFS; then the syncfs itself (and its base mount part, -1: skipped).
      to_sync_ms: +(sample.saved_at_ms - sample.sync_ms - sample.key_ms).toFixed(2),
      sync_ms: +sample.sync_ms.toFixed(2),
      base_ms: +sample.base_ms.toFixed(2),
      long_tasks: sample.long_tasks, long_task_ms: +sample.busy_ms.toFixed(1),
    });
    await settled(page);
  }
  const f = (k, p) => +percentile(samples.map((s) => s[k]), p).toFixed(1);
  return {
    edit_samples: samples,
    edit_saved_p50_ms: f('saved_ms', 50), edit_saved_p95_ms: f('saved_ms', 95), edit_saved_max_ms: f('saved_ms', 100),
    edit_to_sync_p95_ms: f('to_sync_ms', 95), edit_sync_p50_ms: f('sync_ms', 50), edit_sync_p95_ms: f('sync_ms', 95),
    edit_base_p95_ms: f('base_ms', 95), edit_long_task_p50_ms: f('long_task_ms', 50), edit_long_task_p95_ms: f('long_task_ms', 95),
  };
}

// The page's animation frame interval (headless Chromium, page in front): the wait a key has at
// most before the frame that reads it.
async function frameInterval(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const t = [];
    const step = (now) => { t.push(now); if (t.length < 31) requestAnimationFrame(step); else resolve((t[30] - t[0]) / 30); };
    requestAnimationFrame(step);
  }));
}

for (const n of sizes) {
  const seedStart = Date.now();
  log(`${n}: seeding the server`);
  const server = await startServer({ demo: n, release: true, startTimeout: 20 * 60000 });
  const seedMs = Date.now() - seedStart;
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(() => {
    window.ClientCardOptions = { token: 'demo-admin-token' };
    // Enter as the page got it, before the card's own listeners.
    window.__ccBenchEnter = [];
    window.addEventListener('keydown', (e) => { if (e.key === 'Enter') window.__ccBenchEnter.push(e.timeStamp); }, true);
    // Main-thread tasks over 50 ms (frames, decoding): what an IndexedDB callback waits behind.
    window.__ccBenchLong = [];
    try {
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__ccBenchLong.push([e.startTime, e.duration]); })
        .observe({ type: 'longtask', buffered: true });
    } catch (e) { /* no long task timing */ }
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const shell = new Set();
  page.on('response', (r) => {
    const u = new URL(r.url());
    if (!u.pathname.startsWith('/api/')) shell.add(u.pathname === '/' ? '/index.html' : u.pathname);
  });

  // First visit: the whole dataset comes down page by page, until it is all saved.
  // Headless Chromium draws a page it considers in the background about once a second: the
  // figures are for a page in front, as a user has it.
  log(`${n}: first download`);
  await page.bringToFront();
  const t0 = Date.now();
  await page.goto(server.url);
  await waitFor(page, () => window.clientcard && window.clientcard.status, null, 60000);
  await waitFor(page, (want) => {
    const s = window.clientcard.status();
    return s.clients >= want && s.sync === 'idle' && !s.saving;
  }, n, 30 * 60000);
  const downloadMs = Date.now() - t0;
  const firstUsableMs = await page.evaluate(() => window.clientcard.status().first_data_frame_ms);
  await page.evaluate(() => window.clientcard.idle());

  // Reload: the card draws from IndexedDB (the server stays up; the first frame with data does
  // not wait for it).
  log(`${n}: reload`);
  await page.reload();
  await page.bringToFront();
  await waitFor(page, () => window.clientcard && window.clientcard.status && window.clientcard.status().first_data_frame_ms > 0, null, 10 * 60000);
  const status = await page.evaluate(() => window.clientcard.status());

  // Memory once every shard is decoded (the background steps after the first frame).
  const decodeStart = Date.now();
  await waitFor(page, () => window.clientcard.status().shards_decoded, null, 30 * 60000);
  const decodedAfterMs = Date.now() - decodeStart;
  await page.evaluate(() => window.clientcard.idle());
  await cdp.send('HeapProfiler.collectGarbage');
  // The JS heap's objects plus the ArrayBuffers they hold outside it: MEMFS keeps every file of
  // the store as one (IDBFS); the wasm memory is not among them (wasm_heap_bytes).
  const heapUsage = await cdp.send('Runtime.getHeapUsage');
  const jsHeap = heapUsage.usedSize + (heapUsage.backingStorageSize ?? 0);
  const decoded = await page.evaluate(() => window.clientcard.status());
  const rafMs = await frameInterval(page);

  log(`${n}: ${edits} edits`);
  const edit = await timeEdits(page, edits);

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
    first_download_ms: downloadMs, first_usable_ms: Math.round(firstUsableMs),
    first_card_cached_ms: Math.round(status.first_data_frame_ms),
    startup_cached: status.startup,  // each start-up step's time from navigation (docs/embedding.md)
    wasm_heap_first_frame_mb: +(status.wasm_heap_bytes / 1048576).toFixed(1),
    shards_decoded_after_ms: decodedAfterMs,
    wasm_heap_mb: +(decoded.wasm_heap_bytes / 1048576).toFixed(1), js_heap_mb: +(jsHeap / 1048576).toFixed(1),
    heap_usage: heapUsage,
    raf_interval_ms: +rafMs.toFixed(1), edits, ...edit });
  await browser.close();
  await server.stop();
  server.cleanup();
}

const pad = (s, w) => String(s).padStart(w);
console.log('figure'.padEnd(58) + results.map((r) => pad(`${r.clients}`, 12)).join(''));
const row = (name, f) => console.log(name.padEnd(58) + results.map((r) => pad(f(r), 12)).join(''));
row('server: seeding the demo clients (s)', (r) => (r.seed_ms / 1000).toFixed(1));
row('page download, gzip (KB)', (r) => (r.download_gzip_bytes / 1024).toFixed(1));
row('first download: every client stored (s)', (r) => (r.first_download_ms / 1000).toFixed(1));
row('first download: first card usable (ms)', (r) => r.first_usable_ms);
row('navigation -> first card from cache (ms)', (r) => r.first_card_cached_ms);
row('wasm heap at the first frame (MB)', (r) => r.wasm_heap_first_frame_mb);
row('then every shard decoded after (s)', (r) => (r.shards_decoded_after_ms / 1000).toFixed(1));
row('wasm heap, shards decoded (MB)', (r) => r.wasm_heap_mb);
row('JS heap + its ArrayBuffers (MEMFS files), after GC (MB)', (r) => r.js_heap_mb);
row('animation frame interval (ms)', (r) => r.raf_interval_ms);
row(`edit -> saved, p50 of ${edits} (ms)`, (r) => r.edit_saved_p50_ms);
row(`edit -> saved, p95 of ${edits} (ms)`, (r) => r.edit_saved_p95_ms);
row(`edit -> saved, max of ${edits} (ms)`, (r) => r.edit_saved_max_ms);
row('  key -> syncfs started, p95 (ms)', (r) => r.edit_to_sync_p95_ms);
row('  syncfs, p50 / p95 (ms)', (r) => `${r.edit_sync_p50_ms}/${r.edit_sync_p95_ms}`);
row('  of it the base mount, p95 (ms; -1 skipped)', (r) => r.edit_base_p95_ms);
row('  main thread in tasks > 50 ms meanwhile, p50/p95', (r) => `${r.edit_long_task_p50_ms}/${r.edit_long_task_p95_ms}`);
console.log(`downloaded files: ${results[0]?.files.join(', ')}`);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/browser.json', JSON.stringify(results, null, 2));
