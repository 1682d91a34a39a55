// End to end, sync (DESIGN §4, §5): two devices (two browser contexts, each its own IndexedDB),
// two tabs of one browser (two pages of one context), the server stopped and started again, and
// another user's edit pushed from Node. Every result is checked in the card (its semantic tree)
// and on the server (its pull API), so "reaches the server" means the server has it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, startServer, openCard, settle, find, findAll, waitValue, clickLabel, typeInto, shot,
  newContext, newPage, openClient, serverClient, pushOps, eventually, status, tokens, look,
} from './lib.mjs';

const suite = startSuite({ demo: 300 });


// A client whose name is unique and starts with a Latin letter (easy to search for), different
// for every test so no test sees another's edits.
const taken = new Set(['c-000005']);  // the "another user's edit" test uses this one
function pickClient() {
  const names = new Map();
  for (const c of suite.clients) names.set(c.name, (names.get(c.name) ?? 0) + 1);
  const c = suite.clients.find((x) => !x.deleted && !taken.has(x.id) && /^[A-Za-z]/.test(x.name) &&
    names.get(x.name) === 1 && x.name.length < 30);
  assert.ok(c, 'the demo data has a client left to edit');
  taken.add(c.id);
  return c;
}

async function openApp(context) {
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  return page;
}

async function restartServer() {
  suite.server = await startServer({ db: suite.server.dbPath, port: Number(new URL(suite.server.url).port) });
}

const onServer = async (id, field, value) =>
  eventually(async () => (await serverClient(suite.server, id))?.[field] === value,
    { timeout: 20000, what: `the server's ${id}.${field} = ${value}` });

const hasTag = (nodes, tag) => nodes.some((n) => n.role === 'tag' && n.label === tag);

test('two devices edit the same client, one offline: after reconnecting both show the same data and the conflict is offered', async () => {
  const target = pickClient();
  const deviceA = await newContext(suite.browser, { token: tokens.anna });
  const deviceB = await newContext(suite.browser, { token: tokens.boris });
  const a = await openApp(deviceA);
  const b = await openApp(deviceB);
  await openClient(a, target.name);
  await openClient(b, target.name);

  await deviceB.setOffline(true);
  await eventually(async () => (await status(b)).online === false, { what: 'B hears it is offline' });
  await typeInto(b, 'City', 'Казань (B)');
  await typeInto(a, 'City', 'Омск (A)');
  await onServer(target.id, 'city', 'Омск (A)');
  // B keeps its own edit, saved on the device, while it cannot reach the server.
  await waitValue(b, 'City', 'textbox', (v) => v === 'Казань (B)');
  assert.ok((await status(b)).pending >= 1, 'B holds its edit as not yet sent');
  await shot(b, 'e2e-sync-01-offline-edit');

  await deviceB.setOffline(false);
  // B pulls A's change, sees that its own unsent edit changed the same field, and sends its
  // edit, which comes later in server order and wins; the conflict is offered on B.
  await find(b, 'Keep mine', 'button', { timeout: 20000 });
  await find(b, 'Take theirs', 'button');
  await waitValue(b, 'City', 'textbox', (v) => v === 'Казань (B)', { timeout: 20000 });
  await look(a);
  await waitValue(a, 'City', 'textbox', (v) => v === 'Казань (B)', { timeout: 20000 });
  await onServer(target.id, 'city', 'Казань (B)');
  await shot(b, 'e2e-sync-02-conflict');

  // Boris takes Anna's value: both devices and the server agree on it, the conflict is gone.
  await clickLabel(b, 'Take theirs', 'button');
  await waitValue(b, 'City', 'textbox', (v) => v === 'Омск (A)', { timeout: 20000 });
  await look(a);
  await waitValue(a, 'City', 'textbox', (v) => v === 'Омск (A)', { timeout: 20000 });
  await onServer(target.id, 'city', 'Омск (A)');
  assert.equal((await findAll(b, 'Keep mine', 'button')).length, 0, 'the conflict box is gone');
  assert.equal((await status(b)).conflicts, 0);
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await deviceA.close();
  await deviceB.close();
});

test('an edit made with the server down reaches the server after it comes back, with no action from the user', async () => {
  const target = pickClient();
  const context = await newContext(suite.browser);
  const page = await openApp(context);
  await openClient(page, target.name);

  await suite.server.stop();
  await typeInto(page, 'City', 'Сочи');
  await waitValue(page, 'City', 'textbox', (v) => v === 'Сочи');
  await find(page, 'Offline', 'status', { timeout: 20000 });
  assert.ok((await status(page)).pending >= 1, 'the edit waits in the journal');
  await shot(page, 'e2e-sync-03-server-down');

  await page.waitForTimeout(1000);
  await restartServer();
  const back = Date.now();
  // Nothing is touched on the page from here on.
  await eventually(async () => (await serverClient(suite.server, target.id))?.city === 'Сочи',
    { timeout: 75000, interval: 250, what: 'the edit reaches the server' });
  console.log(`# the edit reached the server ${Date.now() - back} ms after it came back`);
  await eventually(async () => (await status(page)).pending === 0, { timeout: 20000, what: 'the card sees it confirmed' });
  await find(page, 'Synced', 'status', { timeout: 20000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

// An edit alone writes the small mount only (its journal file and meta.json); a pulled change
// rewrites a shard in the base mount. Both kinds, one after the other, must be in IndexedDB.
test("edits saved offline and another user's pulled edit all survive a reload with the server stopped", async () => {
  const mine = pickClient(), theirs = pickClient(), offline = pickClient();
  const context = await newContext(suite.browser);
  const page = await openApp(context);
  await openClient(page, mine.name);
  await typeInto(page, 'City', 'Казань');
  await onServer(mine.id, 'city', 'Казань');
  await find(page, 'Synced', 'status', { timeout: 20000 });

  // Another user's edit comes down with the pull and lands in its shard.
  await pushOps(suite.server, 'e2e-dev-save', [{
    id: 'e2e-dev-save:1', device: 'e2e-dev-save', seq: 1, client_id: theirs.id, kind: 'client.set',
    payload: { city: 'Тверь' }, actor: '', at: Date.now(),
  }], { token: tokens.vera });
  await openClient(page, theirs.name);
  await waitValue(page, 'City', 'textbox', (v) => v === 'Тверь', { timeout: 20000 });
  await eventually(async () => { const s = await status(page); return !s.saving && s.sync === 'idle'; },
    { what: 'the pulled change is written' });
  await settle(page);

  // Two edits with the server down: journal files only, one after the other.
  await suite.server.stop();
  await openClient(page, offline.name);
  await typeInto(page, 'City', 'Сочи');
  await typeInto(page, 'Company', 'Offline Ltd');
  await eventually(async () => { const s = await status(page); return s.saved_seq >= s.next_seq - 1 && !s.saving; },
    { what: 'the offline edits are saved' });

  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
  await find(page, 'Offline', 'status', { timeout: 20000 });
  await openClient(page, offline.name);
  await waitValue(page, 'City', 'textbox', (v) => v === 'Сочи');
  await waitValue(page, 'Company', 'textbox', (v) => v === 'Offline Ltd');
  await openClient(page, theirs.name);
  await waitValue(page, 'City', 'textbox', (v) => v === 'Тверь');
  await openClient(page, mine.name);
  await waitValue(page, 'City', 'textbox', (v) => v === 'Казань');
  await shot(page, 'e2e-sync-04-saved-offline-reload');
  await restartServer();
  await eventually(async () => (await status(page)).pending === 0, { timeout: 75000, what: 'the offline edits reach the server' });
  assert.equal((await serverClient(suite.server, offline.id))?.company, 'Offline Ltd');
  await context.close();
});

test('two tabs of one browser both edit and nothing is lost', async () => {
  const target = pickClient();
  const context = await newContext(suite.browser);
  const first = await openApp(context);
  const second = await openApp(context);
  assert.equal((await status(first)).writer, true, 'the first tab writes');
  assert.equal((await status(second)).writer, false, 'the second tab follows');
  await openClient(first, target.name);
  await openClient(second, target.name);

  await typeInto(first, 'City', 'Пермь');
  await typeInto(second, 'Company', 'ООО «Две вкладки»');
  await typeInto(second, '+ Add tag', 'вкладка-2');
  await typeInto(first, '+ Add tag', 'вкладка-1');
  await typeInto(second, 'Position', 'Закупщик');

  for (const page of [first, second]) {
    await look(page);
    await waitValue(page, 'City', 'textbox', (v) => v === 'Пермь', { timeout: 15000 });
    await waitValue(page, 'Company', 'textbox', (v) => v === 'ООО «Две вкладки»', { timeout: 15000 });
    await waitValue(page, 'Position', 'textbox', (v) => v === 'Закупщик', { timeout: 15000 });
    await eventually(async () => {
      await settle(page);
      const nodes = await page.evaluate(() => window.clientcard.tree());
      return hasTag(nodes, 'вкладка-1') && hasTag(nodes, 'вкладка-2');
    }, { what: 'both tags shown in both tabs' });
  }
  await eventually(async () => {
    const c = await serverClient(suite.server, target.id);
    return c.city === 'Пермь' && c.company === 'ООО «Две вкладки»' && c.position === 'Закупщик' &&
      c.tags.includes('вкладка-1') && c.tags.includes('вкладка-2');
  }, { timeout: 20000, what: 'the server has all five edits' });
  await eventually(async () => (await status(second)).pending === 0 && (await status(first)).pending === 0,
    { what: 'nothing left to send in either tab' });
  await shot(second, 'e2e-sync-04-two-tabs');
  assert.deepEqual(first.errors, []);
  assert.deepEqual(second.errors, []);
  await context.close();
});

test("another user's edit appears within 2 seconds", async () => {
  const target = suite.clients.find((c) => c.id === 'c-000005');
  assert.ok(target && !target.deleted, 'demo client c-000005 exists');
  assert.notEqual(target.city, 'Тверь');
  const context = await newContext(suite.browser);
  const page = await openApp(context);
  await openClient(page, target.name);
  // The card keeps a long poll waiting on the server while it is online and idle.
  await eventually(async () => (await status(page)).live === true, { what: 'a long poll is waiting' });

  const started = Date.now();
  const op = {
    id: 'e2e-dev:1', device: 'e2e-dev', seq: 1, client_id: 'c-000005', kind: 'client.set',
    payload: { city: 'Тверь' }, actor: '', at: started,
  };
  const pushed = pushOps(suite.server, 'e2e-dev', [op], { token: tokens.vera });
  await page.waitForFunction(
    () => window.clientcard.find('City', 'textbox').some((n) => n.value === 'Тверь'),
    null, { polling: 20, timeout: 10000 });
  const shown = Date.now() - started;
  const answer = await pushed;
  assert.equal(answer.results[0].status, 'applied');
  console.log(`# Vera's edit appeared on Anna's card ${shown} ms after the push was sent`);
  assert.ok(shown < 2000, `appeared after ${shown} ms`);
  await shot(page, 'e2e-sync-05-live');
  await context.close();
});

test('when the writer tab closes, another tab takes over and its edits reach the server', async () => {
  const target = pickClient();
  const context = await newContext(suite.browser);
  const writer = await openApp(context);
  const follower = await openApp(context);
  assert.equal((await status(writer)).writer, true);
  assert.equal((await status(follower)).writer, false);
  await openClient(follower, target.name);

  // While the writer is there, the follower's edit goes through it.
  await typeInto(follower, 'Company', 'ООО «До закрытия»');
  await onServer(target.id, 'company', 'ООО «До закрытия»');

  await writer.close();
  await eventually(async () => (await status(follower)).writer === true,
    { timeout: 10000, what: 'the remaining tab takes over' });
  await typeInto(follower, 'City', 'Тула');
  await typeInto(follower, 'Company', 'ООО «После закрытия»');
  await onServer(target.id, 'city', 'Тула');
  await onServer(target.id, 'company', 'ООО «После закрытия»');
  await waitValue(follower, 'City', 'textbox', (v) => v === 'Тула');

  // A tab opened now follows the new writer and shows what it wrote.
  const late = await openApp(context);
  assert.equal((await status(late)).writer, false, 'a new tab follows the new writer');
  await openClient(late, target.name);
  await waitValue(late, 'City', 'textbox', (v) => v === 'Тула');
  await waitValue(late, 'Company', 'textbox', (v) => v === 'ООО «После закрытия»');
  await eventually(async () => (await status(follower)).pending === 0, { what: 'nothing left to send' });
  await shot(follower, 'e2e-sync-06-takeover');
  assert.deepEqual(follower.errors, []);
  assert.deepEqual(late.errors, []);
  await context.close();
});

test('every request carries the bearer token and the schema version; the token is never stored or put in a URL', async () => {
  const context = await newContext(suite.browser, { token: null });
  const page = await newPage(context);
  const api = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) api.push(r); });
  await openCard(page, suite.server.url);
  assert.equal((await status(page)).signed_in, false, 'no token given: not signed in');
  assert.equal(api.length, 0, 'nothing is asked of the server without a token');

  // Signing in from the page's script (the sign-in box does the same through the core).
  await page.evaluate((t) => window.clientcard.setToken(t), tokens.boris);
  await eventually(async () => (await status(page)).user === 'Boris', { what: 'the server knows the user' });
  await eventually(async () => (await status(page)).live === true, { what: 'a long poll waits' });
  assert.ok(api.length >= 3, `me, pull and the long poll went out (${api.length})`);
  for (const r of api) {
    const h = await r.allHeaders();
    assert.equal(h.authorization, `Bearer ${tokens.boris}`, `${r.url()} carries the token`);
    assert.equal(h['x-schema-version'], '1', `${r.url()} carries the schema version`);
    assert.ok(!r.url().includes(tokens.boris), 'the token is not in the URL');
  }
  const longPoll = api.find((r) => /[?&]wait=/.test(r.url()));
  assert.ok(longPoll, 'the card long-polls');

  // Make a write happen, then look through everything the page stored.
  const target = pickClient();
  await openClient(page, target.name);
  await typeInto(page, 'City', 'Ярославль');
  await onServer(target.id, 'city', 'Ярославль');
  const stored = await page.evaluate(async () => {
    // Both databases: the small mount (meta, index, journal) and the base mount (the shards).
    const values = [];
    for (const name of ['/clientcard', '/clientcard-base']) {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      values.push(...await new Promise((ok, fail) => {
        const r = db.transaction('FILE_DATA').objectStore('FILE_DATA').getAll();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      }));
    }
    const text = new TextDecoder();
    return {
      files: values.length,
      all: values.map((v) => (v.contents ? text.decode(v.contents) : '')).join('\n'),
      local: JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie + location.href,
      options: JSON.stringify(window.ClientCardOptions ?? null),
    };
  });
  assert.ok(stored.files > 3 && stored.all.includes('Ярославль'), 'the store holds the data');
  assert.ok(!stored.all.includes(tokens.boris), 'the token is not in IndexedDB');
  assert.ok(!stored.local.includes(tokens.boris), 'nor in web storage, cookies or the URL');
  assert.deepEqual(page.errors, []);
  await context.close();

  // A token given by the page before the loader runs is taken out of window.ClientCardOptions.
  const given = await newContext(suite.browser, { token: tokens.anna });
  const signed = await openApp(given);
  assert.equal(await signed.evaluate(() => JSON.stringify(window.ClientCardOptions)), '{}');
  await eventually(async () => (await status(signed)).user === 'Anna', { what: 'signed in as Anna' });
  await given.close();
});
