// search_libs.mjs — MiniSearch and FlexSearch on the clients cc_bench searches, typing the same
// keystrokes, so `npm run bench` can print their figures beside ours.
// Usage: node --expose-gc tools/bench/search_libs.mjs dump.json   (dump: cc_bench --dump N dump.json)
// Prints one JSON object per library on stdout.
//
// Not the same question: both libraries split the text into words and match a query word against
// the start of a word (prefix search), where ClientCard finds any substring of the folded text and
// phone digits in any format. "results" says how many clients each returned over all keystrokes.
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import FlexSearch from 'flexsearch';

const dump = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const docs = dump.clients.map((c, i) => ({
  id: i,
  name: c.name,
  nickname: c.nickname,
  company: c.company,
  emails: c.emails.join(' '),
  tags: c.tags.join(' '),
  phones: c.phones.join(' '),
}));
const fields = ['name', 'nickname', 'company', 'emails', 'tags', 'phones'];
const reps = 5;  // each keystroke's time is its median over the runs, as in cc_bench

const heap = () => {
  if (global.gc) global.gc();
  return process.memoryUsage().heapUsed;
};

function measure(name, build, search) {
  const heap0 = heap();
  const t0 = performance.now();
  const index = build();
  const buildMs = performance.now() - t0;
  const heapMb = (heap() - heap0) / 1048576;
  const runs = [];
  let results = 0;
  for (let rep = 0; rep < reps; rep++) {
    const times = [];
    for (const k of dump.keystrokes) {
      const t = performance.now();
      const found = search(index, k.query);
      times.push(performance.now() - t);
      if (rep === 0) results += found;
    }
    runs.push(times);
  }
  const times = runs[0].map((_, k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(reps / 2)]);
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = sorted[Math.max(1, Math.ceil(sorted.length * 0.95)) - 1];
  const ours = dump.keystrokes.reduce((s, k) => s + k.results, 0);
  console.log(JSON.stringify({
    clients: docs.length, library: name, build_ms: +buildMs.toFixed(1), heap_mb: +heapMb.toFixed(1),
    search_mean_ms: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(3),
    search_p95_ms: +p95.toFixed(3), search_max_ms: +sorted[sorted.length - 1].toFixed(3),
    keystrokes: times.length, results, our_results: ours,
  }));
}

// MiniSearch: every word of the query must start a word of the client (prefix, AND).
measure('MiniSearch', () => {
  const ms = new MiniSearch({ fields, searchOptions: { prefix: true, combineWith: 'AND' } });
  ms.addAll(docs);
  return ms;
}, (ms, q) => (q.trim() ? ms.search(q).length : docs.length));

// FlexSearch: a document index, "forward" tokenizer (word prefixes), every result asked for.
measure('FlexSearch', () => {
  const ix = new FlexSearch.Document({ document: { id: 'id', index: fields }, tokenize: 'forward' });
  for (const d of docs) ix.add(d);
  return ix;
}, (ix, q) => (q.trim() ? ix.search(q, { limit: docs.length, merge: true }).length : docs.length));
