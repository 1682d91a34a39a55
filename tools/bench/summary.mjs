// summary.mjs — the one table of `npm run bench`: a row per figure of issue 8's goals, a column
// per size, the goal, and a pass (✓) / miss (✗) mark per cell that has a goal at that size (a
// figure without a goal at a size is printed bare; a part that did not run prints "-").
// Reads the raw results of the other parts; prints the table and writes it to
// bench-results/summary.md.
// Usage: node summary.mjs [dir]   (default bench-results)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] || 'bench-results';
const readLines = (f) => (existsSync(join(dir, f))
  ? readFileSync(join(dir, f), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
const native = readLines('core-native.jsonl');
const wasm = readLines('core-wasm.jsonl');
const browser = existsSync(join(dir, 'browser.json')) ? JSON.parse(readFileSync(join(dir, 'browser.json'), 'utf8')) : [];
const sizes = [...new Set([...native, ...wasm, ...browser].map((r) => r.clients))].sort((a, b) => a - b);
const at = (rows, n) => rows.find((r) => r.clients === n);

// Core work of one size: loading index.bin into list + search, decoding every shard, and every
// keystroke of the search run (mean × count) — the same source on the same data both ways.
const coreWork = (r) => r.load_ms + (r.decode_all_ms ?? 0) + r.search_mean_ms * r.keystrokes + r.edit_ms;

// [figure, goal text, value(n) -> number | undefined, format, goal(n) -> (v -> bool) | null]
const goal = (byN) => (n) => (byN[n] === undefined ? null : byN[n]);
const figures = [
  ['navigation → list and first card drawn from cache (ms)', '≤ 150 / 200 / 250 ms',
    (n) => at(browser, n)?.first_card_cached_ms, (v) => v.toFixed(0),
    goal({ 2000: (v) => v <= 150, 20000: (v) => v <= 200, 100000: (v) => v <= 250 })],
  ['search per keystroke in wasm, p95 (ms)', '≤ 1 ms',
    (n) => at(wasm, n)?.search_p95_ms, (v) => v.toFixed(2), () => (v) => v <= 1],
  ['edit → saved (syncfs called back), p95 of 50 (ms)', '≤ 30 ms',
    (n) => at(browser, n)?.edit_saved_p95_ms, (v) => v.toFixed(1), () => (v) => v <= 30],
  ['first download: card usable (ms)', '≤ 1 s',
    (n) => at(browser, n)?.first_usable_ms, (v) => v.toFixed(0), () => (v) => v <= 1000],
  ['first download: every client stored (s)', '≤ 2 / 4 / 10 s',
    (n) => { const r = at(browser, n); return r && r.first_download_ms / 1000; }, (v) => v.toFixed(1),
    goal({ 2000: (v) => v <= 2, 20000: (v) => v <= 4, 100000: (v) => v <= 10 })],
  ['wasm heap, shards decoded (MB)', '≤ 150 MB at 100,000',
    (n) => at(browser, n)?.wasm_heap_mb, (v) => v.toFixed(0), goal({ 100000: (v) => v <= 150 })],
  ['JS heap, shards decoded (MB)', '≤ 100 MB at 100,000',
    (n) => at(browser, n)?.js_heap_mb, (v) => v.toFixed(0), goal({ 100000: (v) => v <= 100 })],
  ['everything the page downloads, gzip (KB)', '≤ 450 KB at 2,000',
    (n) => { const r = at(browser, n); return r && r.download_gzip_bytes / 1024; }, (v) => v.toFixed(1),
    goal({ 2000: (v) => v <= 450 })],
  ['core work, wasm ÷ native (×)', '≤ 1.5×',
    (n) => { const w = at(wasm, n), x = at(native, n); return w && x ? coreWork(w) / coreWork(x) : undefined; },
    (v) => v.toFixed(2), () => (v) => v <= 1.5],
];

const cells = figures.map(([name, goalText, value, fmt, check]) => [name, ...sizes.map((n) => {
  const v = value(n);
  if (v === undefined || v === null || Number.isNaN(v)) return '-';
  const ok = check(n);
  return fmt(v) + (ok ? (ok(v) ? ' ✓' : ' ✗') : '');
}), goalText]);
const head = ['figure', ...sizes.map((n) => n.toLocaleString('en-US')), 'goal'];

// Plain text for the terminal (padded columns), Markdown for the file.
const width = head.map((h, i) => Math.max([...h].length, ...cells.map((c) => [...c[i]].length)));
const padEnd = (s, w) => s + ' '.repeat(w - [...s].length);
const padStart = (s, w) => ' '.repeat(w - [...s].length) + s;
const line = (c) => c.map((s, i) => (i === 0 || i === c.length - 1 ? padEnd(s, width[i]) : padStart(s, width[i]))).join('  ');
console.log(line(head));
for (const c of cells) console.log(line(c));
const note = 'core work = index.bin load + every shard decoded + every keystroke searched + one edit, ' +
  'the same source on the same data (tools/bench/bench.cpp). Goals from issue 8; ✓ met, ✗ missed.';
console.log(note);

const md = [`# npm run bench — ${new Date().toISOString()}`, '',
  `| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 || i === head.length - 1 ? '---' : '---:')).join('|')}|`,
  ...cells.map((c) => `| ${c.join(' | ')} |`), '', note, ''].join('\n');
writeFileSync(join(dir, 'summary.md'), md);
