// lib.mjs — what every end-to-end test needs: the real reference server started by its own
// binary on a free port, Debian's Chromium driven by playwright-core, browser contexts signed in
// as a demo user, the server's API from Node, and helpers that find widgets through the card's
// semantic tree and drive them with real mouse and keyboard events.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const artifacts = join(root, 'test-artifacts');
mkdirSync(artifacts, { recursive: true });

// The tests run the ASan build when there is one; `release` (npm run bench) wants
// native-release's: the ASan server cannot seed 100,000 demo clients in a minute.
function serverBinary(release = false) {
  const presets = release ? ['native-release'] : ['native-asan', 'native-release', 'native-debug'];
  for (const preset of presets) {
    const p = join(root, 'build', preset, 'tools/server/clientcard-server');
    if (existsSync(p)) return p;
  }
  throw new Error(`clientcard-server is not built (${presets.join(' or ')})`);
}
export const webRoot = join(root, 'build/wasm-release/web');

// Starts the server; `port` 0 picks a free one. Resolves once it prints its URL. `records`: the
// percent of demo clients that also get tasks, calls and comments (the server's default is 30;
// these suites were written for clients only). `release`: the native-release server only;
// `startTimeout`: how long seeding the demo data may take before the start counts as failed.
export async function startServer({ demo = 200, db, port = 0, records = 0, release = false, startTimeout = 60000 } = {}) {
  const dir = db ? null : mkdtempSync(join(tmpdir(), 'cc-e2e-'));
  const dbPath = db ?? join(dir, 'clientcard.db');
  const proc = spawn(serverBinary(release), ['--host', '127.0.0.1', '--port', String(port), '--db', dbPath,
    '--web-root', webRoot, '--demo-clients', String(demo), '--demo-records', String(records)],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start within ${startTimeout} ms:\n${log}`)), startTimeout);
    const onData = (d) => {
      log += d;
      const m = log.match(/ClientCard server: (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); ok(m[1]); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => { log += d; });
    proc.on('exit', (code) => { clearTimeout(timer); fail(new Error(`server exited ${code}:\n${log}`)); });
  });
  return {
    url, dbPath, proc,
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
    cleanup() { if (dir) rmSync(dir, { recursive: true, force: true }); },
  };
}

// The demo users of an empty database (tools/server/users.cpp).
export const tokens = {
  anna: 'demo-admin-token',      // Anna, admin
  boris: 'demo-manager-token',   // Boris, manager
  vera: 'demo-manager2-token',   // Vera, manager
};

// A browser context (one device: its own IndexedDB) whose pages open the card signed in: the
// token reaches the loader through window.ClientCardOptions, set before any script of the page.
export async function newContext(browser, { token = tokens.anna, viewport = { width: 1280, height: 800 } } = {}) {
  const context = await browser.newContext({ viewport });
  if (token) await context.addInitScript((t) => { window.ClientCardOptions = { token: t }; }, token);
  return context;
}

// A page that collects its errors (uncaught exceptions, console errors) in page.errors.
export async function newPage(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(m.text());
  });
  page.errors = errors;
  return page;
}

// ---- the server's API, from Node ----------------------------------------------------------------
async function api(server, path, { token = tokens.anna, method = 'GET', body } = {}) {
  const res = await fetch(`${server.url}/api/v1/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'X-Schema-Version': '1', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

// Every client as the server has it now (all pages of a pull from 0).
export async function serverClients(server, { token } = {}) {
  const out = new Map();
  for (let since = 0; ;) {
    const page = await api(server, `pull?since=${since}&limit=2000`, { token });
    for (const ch of page.changes) if (ch.client) out.set(ch.client.id, ch.client);
    if (!page.has_more) return out;
    since = page.cursor;
  }
}

// Every record (task, call, comment) as the server has it now, by id: pull pages carry records
// beside clients ({"record": {...}}).
export async function serverRecords(server, { token } = {}) {
  const out = new Map();
  for (let since = 0; ;) {
    const page = await api(server, `pull?since=${since}&limit=2000`, { token });
    for (const ch of page.changes) if (ch.record) out.set(ch.record.id, ch.record);
    if (!page.has_more) return out;
    since = page.cursor;
  }
}

export async function serverClient(server, id, opts) {
  return (await serverClients(server, opts)).get(id);
}

// Pushes ops as another device would; `ops` are complete op objects.
export async function pushOps(server, device, ops, { token = tokens.vera } = {}) {
  return api(server, 'push', { token, method: 'POST', body: { schema: 1, device, ops } });
}

// Polls `check()` (async, returns truthy when done) until it holds.
export async function eventually(check, { timeout = 15000, interval = 100, what = 'condition' } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await check();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`${what} did not hold within ${timeout} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

// A test file's server and browser, started before its first test and stopped after its last:
// `const suite = startSuite({ demo: 60 })`, then `suite.server`, `suite.browser`. Also:
// `suite.clients`, the demo clients as the server handed them out (to pick ones the tests look
// for); `suite.freshClient(want)`, a client with a Latin name (the search finds it as typed) that
// no other test of the file took; `suite.recordsOf(clientId, kind)`, the server's live records.
export function startSuite(serverOptions = {}) {
  const suite = { server: null, browser: null, clients: [], taken: new Set() };
  before(async () => {
    suite.server = await startServer(serverOptions);
    suite.browser = await launchBrowser();
    suite.clients = [...(await serverClients(suite.server)).values()];
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.stop();
    suite.server?.cleanup();
  });
  suite.freshClient = (want = () => true) => {
    const c = suite.clients.find((x) => !x.deleted && !suite.taken.has(x.id) && /^[A-Za-z]/.test(x.name) && want(x));
    if (!c) throw new Error('the demo data has no client left for this test');
    suite.taken.add(c.id);
    return c;
  };
  suite.recordsOf = async (clientId, kind) =>
    [...(await serverRecords(suite.server)).values()].filter((r) => r.client_id === clientId && r.kind === kind && !r.deleted);
  return suite;
}

export async function launchBrowser() {
  // Playwright gives every launch a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic',
      // The card's player starts a recording from a click that reached the page a frame earlier
      // (through the core); tests also play with no sound device.
      '--autoplay-policy=no-user-gesture-required'],
  });
}

// Opens the card and waits until it has drawn with its data loaded and settled.
export async function openCard(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
}

export async function settle(page) {
  await page.evaluate(() => window.clientcard.idle());
}

export async function status(page) {
  return page.evaluate(() => window.clientcard.status());
}

export async function tree(page) {
  return page.evaluate(() => window.clientcard.tree());
}

// The widgets of the last frame that match; `label` is a string or a RegExp.
export async function findAll(page, label, role) {
  const nodes = await tree(page);
  return nodes.filter((n) => (label instanceof RegExp ? label.test(n.label) : n.label === label) &&
    (role === undefined || n.role === role));
}

export async function find(page, label, role, { timeout = 10000 } = {}) {
  const until = Date.now() + timeout;
  for (;;) {
    const hits = await findAll(page, label, role);
    if (hits.length) return hits[0];
    if (Date.now() > until) {
      const labels = (await tree(page)).map((n) => `${n.role}:${n.label}=${n.value}`).join('\n');
      throw new Error(`no ${role ?? 'widget'} labelled ${label} in:\n${labels}`);
    }
    await page.waitForTimeout(50);
    await settle(page);
  }
}

// Waits for a widget whose value satisfies `test`.
export async function waitValue(page, label, role, test, { timeout = 10000 } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = (await findAll(page, label, role))[0];
    if (last && test(last.value)) return last;
    if (Date.now() > until) throw new Error(`${label}: value ${last && JSON.stringify(last.value)} never matched`);
    await page.waitForTimeout(50);
    await settle(page);
  }
}

// A user edits in the tab in front. Headless Chromium runs the animation frames of the other
// pages of a browser about once a second, so a test brings the page it drives to the front.
export async function look(page) {
  await page.bringToFront();
}

// The pointer comes to rest over the widget for a frame before the press, as a hand's does:
// ImGui takes a press on a widget that may overlap others (a tab) only once it was hovered.
export async function click(page, node) {
  await look(page);
  let target = node;
  for (let i = 0; i < 5; i++) {
    await page.mouse.move(target.x + Math.min(target.w / 2, 40), target.y + target.h / 2);
    await settle(page);
    // The layout may have moved since the node was read (a section's records arrived, a line
    // above it grew): aim again at the same widget, the one of that label nearest to where it was.
    const hits = await findAll(page, node.label, node.role);
    if (!hits.length) break;
    const near = hits.reduce((a, b) => (Math.hypot(a.x - target.x, a.y - target.y) <= Math.hypot(b.x - target.x, b.y - target.y) ? a : b));
    if (near.x === target.x && near.y === target.y) break;
    target = near;
  }
  const x = target.x + Math.min(target.w / 2, 40), y = target.y + target.h / 2;
  await page.mouse.click(x, y);
  await settle(page);
}

// Scrolls the pane under the widget with the mouse wheel, as a user would, until the widget is
// inside the viewport; returns its node there.
export async function reveal(page, label, role) {
  await look(page);
  const { height } = page.viewportSize();
  let node = await find(page, label, role);
  for (let i = 0; i < 60 && (node.y + node.h > height - 4 || node.y < 0); i++) {
    const down = node.y + node.h > height - 4;
    await page.mouse.move(node.x + Math.min(node.w / 2, 40), height / 2);
    await page.mouse.wheel(0, down ? 240 : -240);
    await settle(page);
    node = await find(page, label, role);
  }
  return node;
}

export async function clickLabel(page, label, role) {
  await click(page, await reveal(page, label, role));
}

// Focuses a text box by clicking it, replaces its text by typing, and commits with Enter.
export async function typeInto(page, label, text, { enter = true } = {}) {
  const box = await reveal(page, label, 'textbox');
  await click(page, box);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text, { delay: 5 });
  if (enter) await page.keyboard.press('Enter');
  await settle(page);
}

// Searches for a client by name, opens its card, waits until the card shows it.
export async function openClient(page, name) {
  await typeInto(page, 'Search', name, { enter: false });
  await clickLabel(page, name, 'listitem');
  await waitValue(page, 'Name', 'textbox', (v) => v === name);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`) });
}
