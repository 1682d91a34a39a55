// End to end, in Debian's Chromium against the real reference server: the card's record
// sections (tasks, calls, comments) as a manager uses them, offline included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, openCard, settle, find, findAll, waitValue, clickLabel,
  typeInto, shot, newContext, newPage, openClient, serverClients, serverRecords, eventually,
} from './lib.mjs';

let server, browser, demo;
const taken = new Set();

before(async () => {
  server = await startServer({ demo: 120 });
  browser = await launchBrowser();
  demo = [...(await serverClients(server)).values()];
});
after(async () => {
  await browser?.close();
  await server?.stop();
  server?.cleanup();
});

// A client no other test of this file uses, with a Latin name the search finds as typed and a
// phone (the call form starts from the client's main phone).
function freshClient() {
  const c = demo.find((x) => !x.deleted && !taken.has(x.id) && /^[A-Za-z]/.test(x.name) && x.phones.length > 0);
  assert.ok(c, 'the demo data has a client left');
  taken.add(c.id);
  return c;
}

async function reloadCard(page) {
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
}

async function recordsOf(clientId, kind) {
  return [...(await serverRecords(server)).values()].filter((r) => r.client_id === clientId && r.kind === kind && !r.deleted);
}

test('a task created offline from the quick card survives a reload and reaches the server on reconnect', async () => {
  const target = freshClient();
  const context = await newContext(browser);
  const page = await newPage(context);
  await openCard(page, server.url);
  await openClient(page, target.name);

  const port = Number(new URL(server.url).port);
  await server.stop();
  try {
  await find(page, /Offline|Server is not reachable/, 'status', { timeout: 20000 });

  await clickLabel(page, 'Create task', 'button');
  await find(page, 'Tasks', 'tab');
  // The form starts sensibly: a call, for me.
  await waitValue(page, 'Type', 'combobox', (v) => v === 'Call');
  await typeInto(page, 'Title', 'Call about the offline offer', { enter: false });
  await clickLabel(page, 'Save', 'button');
  await find(page, 'Call about the offline offer', 'listitem');
  // Kept on this device, waiting for the server.
  await find(page, /^1 change not sent$/, 'status');
  await shot(page, 'e2e-records-01-task-offline');

  // Saved in IndexedDB: a reload with the server still down shows it, pending.
  await reloadCard(page);
  await openClient(page, target.name);
  await clickLabel(page, 'Tasks', 'tab');
  await find(page, 'Call about the offline offer', 'listitem');
  assert.ok((await page.evaluate(() => window.clientcard.status())).pending >= 1, 'the task waits to be sent');

  } finally {
    server = await startServer({ db: server.dbPath, port });
  }
  // The card retries with backoff capped at a minute (docs/sync.md), so after the server was down
  // this long the next attempt may be up to 60 s away: wait as the sync tests do.
  await eventually(async () => (await recordsOf(target.id, 'task')).some((t) => t.fields.title === 'Call about the offline offer'),
    { timeout: 75000, what: 'the task on the server' });
  const task = (await recordsOf(target.id, 'task')).find((t) => t.fields.title === 'Call about the offline offer');
  assert.equal(task.fields.type, 'call');
  assert.equal(task.fields.status, 'open');
  assert.ok(task.fields.due_at, 'the task has the due time the form proposed');
  await find(page, 'Synced', 'status', { timeout: 30000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a call that did not take place is logged with its reason and offers a call-back task', async () => {
  const target = freshClient();
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await openCard(page, server.url);
  await openClient(page, target.name);
  await clickLabel(page, 'Calls', 'tab');
  await clickLabel(page, 'Log call', 'button');
  await waitValue(page, 'Took place', 'checkbox', (v) => v === 'true');
  await clickLabel(page, 'Took place', 'checkbox');
  await clickLabel(page, 'Why not', 'combobox');
  await clickLabel(page, 'Busy', 'option');
  await clickLabel(page, 'Save', 'button');
  await clickLabel(page, 'Create call-back task', 'button');
  await waitValue(page, 'Title', 'textbox', (v) => v === 'Call back');
  await waitValue(page, 'Type', 'combobox', (v) => v === 'Call');
  await clickLabel(page, 'Save', 'button');
  await find(page, 'Call back', 'listitem');
  await shot(page, 'e2e-records-02-call-back');

  await eventually(async () => {
    const calls = await recordsOf(target.id, 'call');
    const tasks = await recordsOf(target.id, 'task');
    return calls.some((c) => c.fields.took_place === false && c.fields.reason === 'busy') &&
      tasks.some((t) => t.fields.title === 'Call back' && t.fields.type === 'call');
  }, { timeout: 20000, what: 'the call and the call-back task on the server' });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("a comment's links open only for http, https, mailto and tel", async () => {
  const target = freshClient();
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  // Count what the page asks the browser to open instead of opening tabs.
  await context.addInitScript(() => {
    window.__opened = [];
    window.open = (url) => { window.__opened.push(String(url)); return null; };
  });
  const page = await newPage(context);
  await openCard(page, server.url);
  await openClient(page, target.name);
  await clickLabel(page, 'Comments', 'tab');
  const text = 'Offer at example.com, write to sales@example.org; not javascript:alert(1) nor file:///etc/passwd';
  await typeInto(page, 'New comment', text, { enter: false });
  await clickLabel(page, 'Send', 'button');
  await find(page, 'example.com', 'link');
  await shot(page, 'e2e-records-03-comment-links');

  const links = (await findAll(page, /.+/, 'link')).map((n) => n.label);
  assert.ok(links.includes('sales@example.org'), `the address is a link: ${links}`);
  assert.ok(!links.some((l) => /javascript|file:/.test(l)), `nothing else links: ${links}`);
  await clickLabel(page, 'example.com', 'link');
  await clickLabel(page, 'sales@example.org', 'link');
  await eventually(() => page.evaluate(() => window.__opened.length >= 2), { what: 'two links opened' });
  const opened = await page.evaluate(() => window.__opened);
  assert.deepEqual(opened, ['https://example.com/', 'mailto:sales@example.org']);

  // The comment is kept by the server as it was written.
  await eventually(async () => (await recordsOf(target.id, 'comment')).some((c) => c.fields.text === text),
    { timeout: 20000, what: 'the comment on the server' });
  assert.deepEqual(page.errors, []);
  await context.close();
});
