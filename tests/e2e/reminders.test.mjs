// End to end, task reminders: two tabs of one browser (two pages of one context share one
// IndexedDB and one writer lock). A task due shortly with a reminder at the due time reaches the
// card from the server; when it comes due exactly one browser notification is shown across both
// tabs (only the writer fires), and both tabs show it in the reminders band. The Notification
// API is a stub installed before any script of the page: it reports permission as granted and
// counts what is constructed into window.__notifications.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, openCard, findAll, newContext, newPage, pushOps, eventually, status, tokens, look,
  settle, shot,
} from './lib.mjs';

const suite = startSuite({ demo: 40 });


async function stubNotifications(context) {
  await context.addInitScript(() => {
    window.__notifications = [];
    function FakeNotification(title, options) {
      window.__notifications.push({ title, body: options && options.body, tag: options && options.tag });
    }
    FakeNotification.permission = 'granted';
    FakeNotification.requestPermission = () => Promise.resolve('granted');
    FakeNotification.prototype.close = function() {};
    window.Notification = FakeNotification;
  });
}

const shown = (page) => page.evaluate(() => window.__notifications.length);
const hasBand = async (page) => {
  await settle(page);
  return (await findAll(page, 'Reminders', 'heading')).length > 0;
};

test('a reminder fires once across two tabs of a browser, and both tabs show it', async () => {
  const target = suite.clients.find((c) => !c.deleted && /^[A-Za-z]/.test(c.name));
  assert.ok(target, 'a demo client to give the task to');
  const context = await newContext(suite.browser, { token: tokens.anna });
  await stubNotifications(context);
  const a = await newPage(context);
  await openCard(a, suite.server.url);
  const b = await newPage(context);
  await openCard(b, suite.server.url);
  const writers = [(await status(a)).writer, (await status(b)).writer];
  assert.equal(writers.filter(Boolean).length, 1, 'one tab writes, the other follows');
  const writer = writers[0] ? a : b;
  await eventually(async () => (await status(writer)).live,
    { timeout: 20000, what: 'the writer waits for news from the server' });

  // Vera gives the client a task due in 15 seconds, with a reminder at the due time.
  const due = Date.now() + 15000;
  const op = {
    id: 'e2e-rem:1', device: 'e2e-rem', seq: 1, client_id: target.id, kind: 'task.create',
    record: 'task:e2e-rem:1', actor: '', at: Date.now(),
    payload: { title: 'Call back about the offer', type: 'call', assignee: 'Anna', due_at: due, reminders: [0] },
  };
  const answer = await pushOps(suite.server, 'e2e-rem', [op], { token: tokens.vera });
  assert.equal(answer.results[0].status, 'applied');

  // When it comes due the writer fires it; the follower learns of it from the writer's files.
  await eventually(async () => (await shown(a)) + (await shown(b)) >= 1,
    { timeout: 60000, what: 'a notification' });
  await look(a);
  await eventually(() => hasBand(a), { timeout: 20000, what: 'the band in tab A' });
  await look(b);
  await eventually(() => hasBand(b), { timeout: 20000, what: 'the band in tab B' });
  for (const page of [a, b]) {
    assert.ok((await findAll(page, 'Call back about the offer', 'text')).length > 0, 'the task is named');
    assert.ok((await findAll(page, 'Due', 'status')).length > 0, 'it is due, not missed');
  }
  // Both tabs drew frames after it fired, and the follower read the writer's files: still one.
  const notes = [...await a.evaluate(() => window.__notifications), ...await b.evaluate(() => window.__notifications)];
  assert.equal(notes.length, 1, `exactly one notification across both tabs: ${JSON.stringify(notes)}`);
  assert.equal(notes[0].title, 'Call back about the offer');
  assert.ok(notes[0].body.includes(target.name), `the body names the client: ${notes[0].body}`);
  assert.equal(await shown(writer), 1, 'the writer tab showed it');
  await shot(a, 'e2e-reminders-01-two-tabs');

  // A reload of the follower (a new page of the same browser) does not fire it again.
  const c = await newPage(context);
  await openCard(c, suite.server.url);
  await look(c);
  await eventually(() => hasBand(c), { timeout: 20000, what: 'the band in a new tab' });
  assert.equal(await shown(c), 0);
  assert.equal((await shown(a)) + (await shown(b)), 1);
  for (const page of [a, b, c]) assert.deepEqual(page.errors, []);
  await context.close();
});
