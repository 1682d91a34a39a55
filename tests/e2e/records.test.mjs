// End to end, in Debian's Chromium against the real reference server: the card's record
// sections (tasks, calls, comments) as a manager uses them, offline included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, startServer, openCard, settle, find, findAll, waitValue, clickLabel, typeInto, shot,
  newContext, newPage, openClient, eventually,
} from './lib.mjs';

const suite = startSuite({ demo: 120 });
// A client with a phone: the call form starts from the client's main phone.
const freshClient = () => suite.freshClient((x) => x.phones.length > 0);
const { recordsOf } = suite;

async function reloadCard(page) {
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
}

test('a task created offline from the quick card survives a reload and reaches the server on reconnect', async () => {
  const target = freshClient();
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);

  const port = Number(new URL(suite.server.url).port);
  await suite.server.stop();
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
    suite.server = await startServer({ db: suite.server.dbPath, port });
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
  const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await openCard(page, suite.server.url);
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
  const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
  // Count what the page asks the browser to open instead of opening tabs.
  await context.addInitScript(() => {
    window.__opened = [];
    window.open = (url) => { window.__opened.push(String(url)); return null; };
  });
  const page = await newPage(context);
  await openCard(page, suite.server.url);
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
