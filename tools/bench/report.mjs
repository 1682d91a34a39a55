// report.mjs — prints the core benchmark's native and wasm figures side by side.
import { readFileSync } from 'node:fs';

const read = (f) => readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const [native, wasm] = [read(process.argv[2]), read(process.argv[3])];
const rows = [
  ['local store (JSON, MB)', (r) => (r.store_bytes / 1048576).toFixed(1)],
  ['index.bin (MB)', (r) => (r.index_bytes / 1048576).toFixed(1)],
  ['load: index.bin -> list + search (ms)', (r) => r.load_ms.toFixed(0)],
  ['then: every shard decoded (ms)', (r) => r.decode_all_ms.toFixed(0)],
  ['search per keystroke, mean (ms)', (r) => r.search_mean_ms.toFixed(2)],
  ['search per keystroke, p95 (ms)', (r) => r.search_p95_ms.toFixed(2)],
  ['search per keystroke, max (ms)', (r) => r.search_max_ms.toFixed(2)],
  ['one edit: apply + journal + index (ms)', (r) => r.edit_ms.toFixed(3)],
  ['one edit: bytes written', (r) => String(r.edit_write_bytes)],
  ['model in memory (MB)', (r) => r.model_heap_mb.toFixed(1)],
];
const pad = (s, n) => String(s).padStart(n);
let head = 'figure'.padEnd(40);
for (const r of native) head += pad(`${r.clients} native`, 16) + pad(`${r.clients} wasm`, 14);
console.log(head);
for (const [name, f] of rows) {
  let line = name.padEnd(40);
  native.forEach((r, i) => { line += pad(f(r), 16) + pad(wasm[i] ? f(wasm[i]) : '-', 14); });
  console.log(line);
}
