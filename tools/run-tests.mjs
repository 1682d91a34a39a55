// Runs every test suite, keeps each one's output in test-artifacts/, and sums the counts.
// Closing line: "N passed, N failed". Exits non-zero if anything failed or a suite did not run
// (a crash, or output without the summary its runner always prints).
// The server suite runs beside the core, ui and fuzz suites (it spends half its time waiting);
// e2e runs alone, last. `node tools/run-tests.mjs core server` runs the suites whose names start so.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { shortRun } from './fuzz.mjs';

const asan = 'build/native-asan';
const wasm = 'build/wasm-release';
const doctest = (out) => {
  const m = out.match(/test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/);
  return m && { passed: +m[2], failed: +m[3] };
};
const nodeTest = (out) => {
  const p = out.match(/^# pass (\d+)$/m), f = out.match(/^# fail (\d+)$/m);
  return p && f && { passed: +p[1], failed: +f[1] };
};
const suites = [
  { name: 'core (native, ASan+UBSan)', cmd: [`${asan}/tests/cc_core_tests`], parse: doctest },
  { name: 'core (wasm, node)', cmd: ['node', '--no-experimental-fetch', `${wasm}/tests/cc_core_tests.js`], parse: doctest },
  { name: 'ui (native smoke)', cmd: [`${asan}/tests/cc_ui_tests`], parse: doctest },
  // Half of its time is waiting (deadlines, long polls, slow clients): it runs beside the suites
  // before e2e, which starts only once it is done (Chromium's timing must not share the cores).
  { name: 'server (HTTP)', cmd: [`${asan}/tests/cc_server_tests`], parse: doctest, beside: true },
  // Each libFuzzer target: seeds and saved regressions replayed, then a short fuzz (tools/fuzz.mjs).
  { name: 'fuzz (libFuzzer, short)', run: () => shortRun() },
  { name: 'e2e (Chromium)', cmd: ['node', '--test', '--test-reporter=tap', '--test-concurrency=1', 'tests/e2e/'], parse: nodeTest },
];
const only = process.argv.slice(2);

mkdirSync('test-artifacts', { recursive: true });
const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' };
const logFile = (s) => `test-artifacts/${s.name.split(' ')[0]}${s.name.includes('wasm') ? '-wasm' : ''}.log`;
const chosen = suites.filter((s) => !only.length || only.some((o) => s.name.startsWith(o)));

// Suites marked `beside` start now, their output going to a file (not a pipe: the suites run
// below block this process, and a full pipe would stall the child).
const beside = new Map();
for (const s of chosen.filter((x) => x.beside && existsSync(x.cmd[0]))) {
  const file = `${logFile(s)}.raw`;
  const fd = openSync(file, 'w');
  const started = Date.now();
  const child = spawn(s.cmd[0], s.cmd.slice(1), { env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  beside.set(s, new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15 * 60 * 1000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ file, status: status ?? 1, signal, started, ended: Date.now() });
    });
  }));
}

let passed = 0, failed = 0, broken = [];
const pending = [];  // beside suites, reported in the list's order once done
for (const s of chosen) {
  if (!s.beside && pending.length && s.name.startsWith('e2e')) await reportBeside();
  if (s.beside && beside.has(s)) { pending.push(s); continue; }
  report(s, runHere(s));
}
await reportBeside();

async function reportBeside() {
  for (const s of pending.splice(0)) {
    const r = await beside.get(s);
    let out = readFileSync(r.file, 'utf8').replace(/\x1b\[[0-9;]*m/g, '');
    rmSync(r.file, { force: true });
    if (r.signal) out += `\nkilled by ${r.signal}`;
    report(s, { out, code: r.status, counts: null, started: r.started, ended: r.ended });
  }
}

function runHere(s) {
  const started = Date.now();
  const exe = s.cmd && s.cmd[0] !== 'node' ? s.cmd[0] : null;
  let out = '', code = 1, counts = null;
  if (s.run) {
    const r = s.run();
    counts = { passed: r.passed, failed: r.failed };
    out = `${r.lines.join('\n')}\n\n${r.log}`;
    code = r.failed ? 1 : 0;
  } else if (exe && !existsSync(exe)) {
    out = `missing ${exe}`;
  } else {
    const r = spawnSync(s.cmd[0], s.cmd.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, timeout: 15 * 60 * 1000, env });
    out = ((r.stdout || '') + (r.stderr || '')).replace(/\x1b\[[0-9;]*m/g, '');
    code = r.status ?? 1;
    if (r.error) out += `\n${r.error}`;
  }
  return { out, code, counts, started, ended: Date.now() };
}

function report(s, { out, code, counts, started, ended }) {
  const file = logFile(s);
  writeFileSync(file, out);
  counts = counts || s.parse(out);
  const secs = ((ended - started) / 1000).toFixed(1);
  if (!counts) {
    broken.push(s.name);
    console.log(`${s.name}: did not run to completion (exit ${code}) — see ${file}`);
    console.log(out.split('\n').slice(-25).join('\n'));
    return;
  }
  passed += counts.passed;
  failed += counts.failed;
  if (code !== 0 && counts.failed === 0) broken.push(s.name);
  console.log(`${s.name}: ${counts.passed} passed, ${counts.failed} failed (${secs} s)${code !== 0 ? ` exit ${code}` : ''}`);
  if (s.run && counts.failed) console.log(out.split('\n').filter((l) => l.startsWith('  FAIL')).join('\n'));
  else if (counts.failed || code !== 0) console.log(out.split('\n').filter((l) => /fail|error|ERROR|not ok/i.test(l)).slice(0, 40).join('\n'));
}
if (broken.length) console.log(`suites that did not complete: ${broken.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || broken.length ? 1 : 0);
