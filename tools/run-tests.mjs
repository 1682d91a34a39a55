// Runs every test suite, keeps each one's output in test-artifacts/, and sums the counts.
// Closing line: "N passed, N failed". Exits non-zero if anything failed or a suite did not run
// (a crash, or output without the summary its runner always prints).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
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
  { name: 'server (HTTP)', cmd: [`${asan}/tests/cc_server_tests`], parse: doctest },
  // Each libFuzzer target: seeds and saved regressions replayed, then a short fuzz (tools/fuzz.mjs).
  { name: 'fuzz (libFuzzer, short)', run: () => shortRun() },
  { name: 'e2e (Chromium)', cmd: ['node', '--test', '--test-reporter=tap', '--test-concurrency=1', 'tests/e2e/'], parse: nodeTest },
];
const only = process.argv.slice(2);

mkdirSync('test-artifacts', { recursive: true });
let passed = 0, failed = 0, broken = [];
for (const s of suites) {
  if (only.length && !only.some((o) => s.name.startsWith(o))) continue;
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
    const r = spawnSync(s.cmd[0], s.cmd.slice(1), {
      encoding: 'utf8', maxBuffer: 64 << 20, timeout: 15 * 60 * 1000,
      env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1' },
    });
    out = ((r.stdout || '') + (r.stderr || '')).replace(/\x1b\[[0-9;]*m/g, '');
    code = r.status ?? 1;
    if (r.error) out += `\n${r.error}`;
  }
  const file = `test-artifacts/${s.name.split(' ')[0]}${s.name.includes('wasm') ? '-wasm' : ''}.log`;
  writeFileSync(file, out);
  counts = counts || s.parse(out);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (!counts) {
    broken.push(s.name);
    console.log(`${s.name}: did not run to completion (exit ${code}) — see ${file}`);
    console.log(out.split('\n').slice(-25).join('\n'));
    continue;
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
