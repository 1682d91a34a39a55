// End to end, in Debian's Chromium against the real reference server, with real mouse and
// keyboard events: what a manager does on the card, and what must hold with the server gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, startServer, openCard, settle, find, findAll, waitValue, clickLabel, typeInto, shot,
  tree, newContext, newPage, openClient,
} from './lib.mjs';

const suite = startSuite({ demo: 300 });


// An edit is safe once IndexedDB has it ("Saved"); once the server has confirmed it too, the
// status bar says "Synced" instead.
const savedOrSynced = /^(Saved|Synced)$/;

// A Russian mobile number's national digits, written the way people dial it at home: 8 912 345 67 89.
function dialledAtHome(e164) {
  const n = e164.slice(2);
  return `8 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`;
}

test('the app loads, lists the demo clients and an idle card draws no frames', async () => {
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await waitValue(page, /^\d+ clients$/, 'status', () => true).catch(() => {});
  const rows = await findAll(page, /.+/, 'listitem');
  assert.ok(rows.length >= 10, `expected the list to show clients, got ${rows.length}`);
  await shot(page, 'e2e-01-loaded');
  const frames = await page.evaluate(() => window.clientcard.frames());
  await page.waitForTimeout(1500);
  assert.equal(await page.evaluate(() => window.clientcard.frames()), frames, 'frames were drawn while idle');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('searching a phone typed in another format finds the client', async () => {
  const target = suite.clients.find((c) => c.phones.some((p) => /^\+79\d{9}$/.test(p.e164) && p.raw.startsWith('+7')));
  assert.ok(target, 'demo data has a Russian mobile written with +7');
  const phone = target.phones.find((p) => /^\+79\d{9}$/.test(p.e164) && p.raw.startsWith('+7'));
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await typeInto(page, 'Search', dialledAtHome(phone.e164), { enter: false });
  const rows = await findAll(page, /.+/, 'listitem');
  assert.ok(rows.some((r) => r.label === target.name), `${target.name} (${phone.raw}) not found by ${dialledAtHome(phone.e164)}`);
  assert.ok(rows.length <= 3, `a full number should narrow the list, got ${rows.length}`);
  await shot(page, 'e2e-02-phone-search');
  await context.close();
});

test('a name edited to Cyrillic shows saved, and survives a reload with the server stopped', async () => {
  const target = suite.clients.find((c) => /^[A-Za-z]/.test(c.name) && !c.deleted);
  const newName = 'Ёлкин Пётр Иванович';
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);
  await typeInto(page, 'Name', newName);
  await waitValue(page, 'Name', 'textbox', (v) => v === newName);
  await find(page, savedOrSynced, 'status');
  await shot(page, 'e2e-03-saved');

  await suite.server.stop();
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
  await openClient(page, newName);
  await shot(page, 'e2e-04-offline-reload');
  // The server is really gone: the card says so, and still shows the saved edit.
  await find(page, /Offline|Server is not reachable/, 'status');
  suite.server = await startServer({ db: suite.server.dbPath, port: Number(new URL(suite.server.url).port) });
  await context.close();
});

test('invalid input is refused with a message next to the field and changes nothing', async () => {
  const target = suite.clients.find((c) => !c.deleted && c.emails.length === 0) ?? suite.clients[5];
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);
  await typeInto(page, '+ Add email', 'ivan@@example');
  await find(page, 'Not a valid email address', 'alert');
  await typeInto(page, '+ Add phone', 'call me maybe');
  await find(page, 'Not a valid phone number', 'alert');
  await shot(page, 'e2e-05-invalid');
  const status = await page.evaluate(() => window.clientcard.status());
  assert.equal(status.pending, 0, 'a refused edit must not be journaled');
  await context.close();
});

test('list fields, tags and flags edit in the browser and persist across a reload', async () => {
  const target = suite.clients.find((c) => !c.deleted && c.phones.length < 3 && !c.vip);
  const context = await newContext(suite.browser, { viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);
  await typeInto(page, '+ Add phone', '+7 (999) 111-22-33 доб. 45');
  await typeInto(page, '+ Add email', 'new.address@example.ru');
  await typeInto(page, '+ Add tag', 'оптовик-2');
  await clickLabel(page, 'VIP', 'checkbox');
  await settle(page);
  await find(page, savedOrSynced, 'status');
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
  await openClient(page, target.name);
  const nodes = await tree(page);
  const values = nodes.map((n) => `${n.label}=${n.value}`).join('\n');
  assert.match(values, /\+7 \(999\) 111-22-33/, 'the added phone is shown after reload');
  assert.match(values, /new\.address@example\.ru/);
  assert.match(values, /оптовик-2/);
  assert.ok(nodes.some((n) => n.role === 'checkbox' && n.label === 'VIP' && n.value === 'true'), 'VIP stays on');
  await shot(page, 'e2e-06-lists');
  await context.close();
});

test('the language switches to Russian and stays switched', async () => {
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await clickLabel(page, 'RU');
  await find(page, 'Поиск', 'textbox');
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
  await find(page, 'Поиск', 'textbox');
  await shot(page, 'e2e-07-russian');
  await context.close();
});

// The text is drawn with the browser's fonts in the container's font-family (docs/embedding.md
// "Font"): a host page that sets a monospaced face on its container gets wider labels.
test('the card draws its text in the font the host page sets on its container', async () => {
  const widthIn = async (extraCss) => {
    const context = await newContext(suite.browser);
    if (extraCss) {
      await context.route('**/app.css', async (route) => {
        const res = await route.fetch();
        await route.fulfill({ response: res, body: (await res.text()) + extraCss });
      });
    }
    const page = await newPage(context);
    await openCard(page, suite.server.url);
    const button = await find(page, '+ New client');
    if (extraCss) await shot(page, 'e2e-07-host-font');
    assert.deepEqual(page.errors, []);
    await context.close();
    return button.w;
  };
  const standard = await widthIn('');
  const mono = await widthIn('\n.cc-app { font-family: "DejaVu Sans Mono", monospace; }\n');
  assert.ok(mono > standard + 10, `"+ New client" is ${standard} px wide in the default font, ${mono} px in the host's monospaced one`);
});

test('a narrow container (a chat side panel) shows one pane at a time', async () => {
  const context = await newContext(suite.browser, { viewport: { width: 380, height: 720 } });
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  // Edits of the tests above reach the server now: pick a client none of them touches.
  const target = suite.clients.filter((c) => !c.deleted && /^[A-Za-z]/.test(c.name)).at(-1);
  await openClient(page, target.name);
  assert.equal((await findAll(page, 'Search', 'textbox')).length, 0, 'the list is hidden while the card is open');
  await find(page, 'Back');
  await shot(page, 'e2e-08-narrow');
  await context.close();
});
