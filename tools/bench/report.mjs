// report.mjs — prints the core benchmark's native and wasm figures side by side, each beside its
// goal (issue 8), and, when given the search libraries' figures (search_libs.mjs), the search
// figures of MiniSearch and FlexSearch on the same clients and keystrokes beside ours.
// Usage: node report.mjs core-native.jsonl core-wasm.jsonl [search-libs.jsonl]
import { existsSync, readFileSync } from 'node:fs';

// cc_bench prints more than one object per size (load and search; the first download): merged.
const read = (f) => {
  const bySize = new Map();
  for (const l of readFileSync(f, 'utf8').trim().split('\n').filter(Boolean)) {
    const r = JSON.parse(l);
    bySize.set(r.clients, { ...bySize.get(r.clients), ...r });
  }
  return [...bySize.values()];
};
const fixed = (v, digits) => (v === undefined ? '-' : v.toFixed(digits));
const [native, wasm] = [read(process.argv[2]), read(process.argv[3])];
// One row per library and size: not merged by size.
const readRows = (f) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const libs = process.argv[4] && existsSync(process.argv[4]) ? readRows(process.argv[4]) : [];
const mb = (b) => (b / 1048576).toFixed(1);
// [figure, value, goal text, goal check on the wasm value (or null)]
const rows = [
  ['local store (JSON, MB)', (r) => mb(r.store_bytes), '', null],
  ['index.bin (MB)', (r) => mb(r.index_file_bytes ?? 0), '', null],
  ['load: index.bin -> list, first frame (ms)', (r) => r.load_ms.toFixed(0), '', null],
  ['then: search tokens, in steps (ms)', (r) => (r.tokens_ms ?? 0).toFixed(0), '', null],
  ['then: every shard decoded (ms)', (r) => (r.decode_all_ms ?? 0).toFixed(0), '', null],
  ['search index: build (ms)', (r) => (r.index_build_ms ?? 0).toFixed(0), '', null],
  ['search index: memory (MB)', (r) => mb(r.index_bytes ?? 0), '', null],
  ['search per keystroke, mean (ms)', (r) => r.search_mean_ms.toFixed(2), '', null],
  ['search per keystroke, p95 (ms)', (r) => r.search_p95_ms.toFixed(2), 'wasm <= 1 ms', (r) => r.search_p95_ms <= 1],
  ['search per keystroke, max (ms)', (r) => r.search_max_ms.toFixed(2), '', null],
  ['one edit: apply + journal + index (ms)', (r) => r.edit_ms.toFixed(3), '', null],
  ['one edit: bytes written', (r) => String(r.edit_write_bytes), '', null],
  ['model in memory (MB)', (r) => r.model_heap_mb.toFixed(1), '', null],
  ['first download: core per client (us)', (r) => fixed(r.snapshot_apply_us, 1), '', null],
  ['first download: lines in (ms)', (r) => fixed(r.snapshot_stream_ms, 0), '', null],
  ['first download: end, store encoded (ms)', (r) => fixed(r.snapshot_end_ms, 0), '', null],
  ['first download: core total (ms)', (r) => fixed(r.snapshot_total_ms, 0), '', null],
];
const pad = (s, n) => String(s).padStart(n);
let head = 'figure'.padEnd(40);
for (const r of native) head += pad(`${r.clients} native`, 16) + pad(`${r.clients} wasm`, 14);
console.log(head + '   goal');
for (const [name, f, goal, ok] of rows) {
  let line = name.padEnd(40);
  native.forEach((r, i) => {
    const w = wasm[i];
    const mark = ok && w ? (ok(w) ? ' ✓' : ' ✗') : '';
    line += pad(f(r), 16) + pad(w ? f(w) + mark : '-', 14);
  });
  console.log(line + (goal ? `   ${goal}` : ''));
}

if (libs.length) {
  console.log();
  console.log('search on the same clients, same keystrokes (median of 5 runs per keystroke; Node ' +
              process.version + ')');
  console.log('Not the same question: the libraries match word prefixes; ClientCard matches any substring');
  console.log('of the folded text and phone digits typed in any format ("results": clients returned, all keystrokes).');
  console.log('engine'.padEnd(22) + pad('clients', 9) + pad('build ms', 10) + pad('index MB', 10) +
              pad('p95 ms', 9) + pad('max ms', 9) + pad('results', 10) + '   goal: p95 <= 1 ms, below both libraries');
  for (const n of [...new Set(libs.map((l) => l.clients))]) {
    const ours = [['ClientCard native', native.find((r) => r.clients === n)], ['ClientCard wasm', wasm.find((r) => r.clients === n)]];
    const theirs = libs.filter((l) => l.clients === n);
    const best = Math.min(...theirs.map((l) => l.search_p95_ms));
    for (const [name, r] of ours) {
      if (!r) continue;
      const mark = name.endsWith('wasm') ? (r.search_p95_ms <= 1 && r.search_p95_ms < best ? ' ✓' : ' ✗') : '';
      console.log(name.padEnd(22) + pad(n, 9) + pad((r.index_build_ms ?? 0).toFixed(0), 10) + pad(mb(r.index_bytes ?? 0), 10) +
                  pad(r.search_p95_ms.toFixed(2), 9) + pad(r.search_max_ms.toFixed(2), 9) + pad(r.hits, 10) + mark);
    }
    for (const l of theirs)
      console.log(l.library.padEnd(22) + pad(n, 9) + pad(l.build_ms.toFixed(0), 10) + pad(l.heap_mb.toFixed(1), 10) +
                  pad(l.search_p95_ms.toFixed(2), 9) + pad(l.search_max_ms.toFixed(2), 9) + pad(l.results, 10));
  }
}
