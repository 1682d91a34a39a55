// fuzz.mjs — runs the libFuzzer targets of tests/fuzz (built by the native-fuzz preset;
// docs/fuzzing.md). Two uses:
//
//   node tools/fuzz.mjs [--runs N] [target...]   the long run (tools/fuzz.sh, `npm run fuzz`):
//       N executions per target (default 10,000,000) on a working corpus in fuzz-corpus/<target>
//       (git-ignored); every crash is saved into tests/fuzz/regressions/<target>/ under a name
//       that says what it is, and fuzzing goes on until N executions are done.
//   import { shortRun } from './fuzz.mjs'        the `fuzz` suite of tools/run-tests.mjs: replays
//       seeds and regressions, then fuzzes each target briefly; logs in test-artifacts/fuzz/.
//
// Index of this file:
// [SECTION] targets and running one fuzzer
// [SECTION] reading libFuzzer's output: stats, crash kind, saved input
// [SECTION] the short run (npm test)
// [SECTION] the long run (npm run fuzz)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, statSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';

// [SECTION] targets and running one fuzzer ----------------------------------------------------

export const targets = ['fuzz_push', 'fuzz_op', 'fuzz_pull_page', 'fuzz_phone', 'fuzz_storage'];
const dictOf = {
  fuzz_push: 'tests/fuzz/keys.dict', fuzz_op: 'tests/fuzz/keys.dict',
  fuzz_pull_page: 'tests/fuzz/keys.dict', fuzz_storage: 'tests/fuzz/keys.dict',
};
export const binary = (t) => `build/native-fuzz/tests/fuzz/${t}`;
const seedsOf = (t) => `tests/fuzz/seeds/${t}`;
const regressionsOf = (t) => `tests/fuzz/regressions/${t}`;
const filesIn = (dir) => (existsSync(dir)
  ? readdirSync(dir).filter((f) => !f.startsWith('.')).map((f) => `${dir}/${f}`).filter((p) => statSync(p).isFile()).sort()
  : []);

// Leaks fail a run too (the default); UB already aborts (-fno-sanitize-recover in the build).
const env = {
  ...process.env,
  ASAN_OPTIONS: 'detect_leaks=1:allocator_may_return_null=1',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};
// The long run skips recording a stack for every allocation (a quarter of fuzz_pull_page's
// time): every error is still caught; replaying the saved input (the short run, or the target
// by hand) shows where the memory was allocated and freed.
const longEnv = { ...env, ASAN_OPTIONS: `${env.ASAN_OPTIONS}:malloc_context_size=0` };

function run(target, args, timeoutS, runEnv = env) {
  const flags = ['-print_final_stats=1', '-timeout=25', '-rss_limit_mb=2560'];
  if (dictOf[target]) flags.push(`-dict=${dictOf[target]}`);
  const started = Date.now();
  const r = spawnSync(binary(target), [...flags, ...args], {
    encoding: 'utf8', maxBuffer: 256 << 20, env: runEnv, timeout: timeoutS * 1000,
  });
  const out = ((r.stdout || '') + (r.stderr || '')).replace(/\x1b\[[0-9;]*m/g, '');
  return { out: r.error ? `${out}\n${r.error}` : out, code: r.status ?? 1, secs: (Date.now() - started) / 1000 };
}

// [SECTION] reading libFuzzer's output --------------------------------------------------------

const stat = (out, name) => {
  const all = [...out.matchAll(new RegExp(`^stat::${name}:\\s*(\\d+)`, 'gm'))];
  return all.length ? +all[all.length - 1][1] : 0;
};
const executions = (out) => stat(out, 'number_of_executed_units');

// The input libFuzzer saved for a crash, leak or timeout.
const savedInput = (out) => (out.match(/Test unit written to (\S+)/) || [])[1];

// A short name for what went wrong, for a regression file: "stack-overflow",
// "ubsan-float-cast-overflow", "uncaught-type_error-316", "check-a-refused-page-changes-nothing".
export function crashKind(out) {
  const slug = (s) => s.toLowerCase().replace(/[^a-z0-9_]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  let m;
  if ((m = out.match(/^fuzz_\w+: (.+)$/m))) return `check-${slug(m[1])}`;
  if ((m = out.match(/terminate called after throwing an instance of '([^']+)'\s*\n\s*what\(\):\s*\[json\.exception\.(\w+)\.(\d+)\]/)))
    return `uncaught-${m[2]}-${m[3]}`;
  if ((m = out.match(/terminate called after throwing an instance of '([^']+)'/)))
    return `uncaught-${slug(m[1].split('::').pop())}`;
  if ((m = out.match(/runtime error: (.+)$/m))) {
    const what = m[1];
    if (/is outside the range of representable values/.test(what)) return 'ubsan-float-cast-overflow';
    if (/signed integer overflow/.test(what)) return 'ubsan-signed-overflow';
    if (/shift/.test(what)) return 'ubsan-shift';
    if (/load of value .* not a valid value/.test(what)) return 'ubsan-invalid-enum';
    return `ubsan-${slug(what.split(/[:(]/)[0])}`;
  }
  if ((m = out.match(/ERROR: AddressSanitizer: ([\w-]+)/))) return `asan-${slug(m[1])}`;
  if (/ERROR: LeakSanitizer/.test(out)) return 'leak';
  if ((m = out.match(/ERROR: libFuzzer: ([\w-]+)/))) return slug(m[1]);
  return 'crash';
}

// What identifies one bug across inputs: the kind and the first stack frame in our own code
// (core/, tools/server/, tests/fuzz/), e.g. "ubsan-float-cast-overflow core/codec.cpp:133".
export function crashSignature(out) {
  const frame = (out.match(/#\d+ 0x[0-9a-f]+ in .*?\/((?:core|tools\/server|tests\/fuzz)\/[\w./-]+:\d+)/) || [])[1];
  return frame ? `${crashKind(out)} ${frame}` : crashKind(out);
}

// Moves libFuzzer's saved input into `dir` as "<kind>-<first 8 hex of its sha1>".
function keepInput(out, dir) {
  const from = savedInput(out);
  if (!from || !existsSync(from)) return null;
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha1').update(readFileSync(from)).digest('hex').slice(0, 8);
  const to = `${dir}/${crashKind(out)}-${hash}`;
  renameSync(from, to);
  return to;
}

// [SECTION] the short run (npm test) ------------------------------------------------------------

// Per target: the seeds and a short fuzz (one result), and each regression file replayed alone
// (one result each, named for the file). Returns { passed, failed, lines, log }.
export function shortRun({ runs = 20000, seconds = 12 } = {}) {
  const artifacts = 'test-artifacts/fuzz';
  mkdirSync(artifacts, { recursive: true });
  let passed = 0, failed = 0;
  const lines = [];
  const log = [];
  const result = (ok, name, why) => {
    if (ok) passed += 1; else failed += 1;
    lines.push(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${why ? ` — ${why}` : ''}`);
  };
  for (const t of targets) {
    const work = `${artifacts}/${t}`;
    rmSync(work, { recursive: true, force: true });
    mkdirSync(`${work}/corpus`, { recursive: true });
    if (!existsSync(binary(t))) {
      result(false, t, `missing ${binary(t)} (build the native-fuzz preset)`);
      continue;
    }
    const known = new Map();  // signature -> regression file that still crashes that way
    for (const file of filesIn(regressionsOf(t))) {
      const r = run(t, [file], 120);
      if (r.code !== 0) known.set(crashSignature(r.out), file);
      log.push(`### ${t}: replay ${file}\n${r.out}`);
      result(r.code === 0, `${t} regression ${file.split('/').pop()}`, r.code === 0 ? '' : `crashes: ${crashKind(r.out)} (${file})`);
    }
    const seeds = filesIn(seedsOf(t));
    const replay = seeds.length ? run(t, seeds, 120) : { out: '', code: 0 };
    log.push(`### ${t}: replay seeds\n${replay.out}`);
    if (replay.code !== 0) {
      result(false, t, `a seed crashes: ${crashKind(replay.out)} (${(replay.out.match(/Running: (\S+)/g) || []).pop() || ''})`);
      continue;
    }
    // A fresh corpus each time (seeds are read, never written); crashes land in the work dir.
    const r = run(t, [`-runs=${runs}`, `-max_total_time=${seconds}`, `-artifact_prefix=${work}/`,
      `${work}/corpus`, seedsOf(t)], seconds + 60);
    log.push(`### ${t}: fuzz ${runs} runs / ${seconds} s\n${r.out}`);
    const n = executions(r.out);
    if (r.code !== 0) {
      const saved = savedInput(r.out);
      const like = known.get(crashSignature(r.out));
      result(false, t, `${crashKind(r.out)} after ${n} runs; input saved as ${saved || '(none)'} — ` +
        (like ? `the bug of ${like}, which still crashes`
          : `a new bug: keep it in ${regressionsOf(t)}/ under a name that says what it is`));
    } else {
      result(true, t, `${seeds.length} seeds, ${n} runs in ${r.secs.toFixed(1)} s`);
    }
  }
  return { passed, failed, lines, log: log.join('\n') };
}

// [SECTION] the long run (npm run fuzz) ---------------------------------------------------------

function longRun(runs, only) {
  const chosen = only.length ? targets.filter((t) => only.includes(t)) : targets;
  const bad = only.filter((t) => !targets.includes(t));
  if (bad.length) throw new Error(`unknown target ${bad.join(', ')}; targets: ${targets.join(', ')}`);
  mkdirSync('test-artifacts/fuzz', { recursive: true });
  const summary = [];
  let newCrashes = 0;
  for (const t of chosen) {
    const corpus = `fuzz-corpus/${t}`;
    const crashDir = `test-artifacts/fuzz/${t}-long`;
    mkdirSync(corpus, { recursive: true });
    mkdirSync(crashDir, { recursive: true });
    const logFile = `test-artifacts/fuzz/${t}-long.log`;
    writeFileSync(logFile, '');
    // Saved regressions that still crash are bugs already known: their signatures let the run
    // tell a new bug from another input for a known one.
    const known = new Map();
    for (const f of filesIn(regressionsOf(t))) {
      const r = run(t, [f], 120);
      if (r.code !== 0) known.set(crashSignature(r.out), f);
    }
    if (known.size) console.log(`${t}: saved regressions that still crash: ${[...known.values()].join(', ')}`);

    let done = 0, secs = 0, crashes = 0;
    const found = [];
    // libFuzzer stops at the first crash: keep the input when the bug is new, and go on with the
    // executions left. A target that keeps crashing is not worth 10 million tries: stop it
    // after 20 crashes.
    while (done < runs && crashes < 20) {
      const r = run(t, [`-runs=${runs - done}`, `-artifact_prefix=${crashDir}/`, corpus, seedsOf(t)], 24 * 3600, longEnv);
      appendFileSync(logFile, `${r.out}\n`);
      const n = executions(r.out);
      done += n;
      secs += r.secs;
      if (r.code === 0) break;
      crashes += 1;
      const sig = crashSignature(r.out);
      if (known.has(sig)) {
        const input = savedInput(r.out);
        found.push(`known: ${known.get(sig)}`);
        console.log(`${t}: crash after ${done} runs, a known bug (${sig}, like ${known.get(sig)}); input left in ${input}`);
      } else {
        const kept = keepInput(r.out, regressionsOf(t));
        known.set(sig, kept || '(no input)');
        found.push(kept || `(no input saved; see ${logFile})`);
        console.log(`${t}: crash after ${done} runs: ${sig} -> ${kept}`);
      }
      if (n === 0) break;  // crashes on the corpus itself: fuzzing cannot go on
    }
    newCrashes += crashes;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const line = `${t}: ${done.toLocaleString('en')} executions, ${rate.toLocaleString('en')} exec/s, ` +
      `${(secs / 60).toFixed(1)} min, ${crashes} crash${crashes === 1 ? '' : 'es'}` +
      `${found.length ? ` (${found.join(', ')})` : ''}`;
    console.log(line);
    summary.push(line);
  }
  console.log('\nsummary');
  for (const l of summary) console.log(`  ${l}`);
  return newCrashes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  let runs = 10_000_000;
  const only = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs') runs = Number(args[++i]);
    else only.push(args[i]);
  }
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('usage: tools/fuzz.sh [--runs N] [target...]  (N: executions per target, default 10000000)');
    process.exit(2);
  }
  process.exit(longRun(runs, only) ? 1 : 0);
}
