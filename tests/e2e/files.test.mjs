// End to end, in Debian's Chromium against the real reference server: a call's recording
// uploaded through the file picker and played in the card (the position the <audio> element
// reports advances); a file attached to a comment downloads byte for byte; an upload queued
// while offline survives a reload and is sent and attached once the browser is online again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  startSuite, openCard, find, findAll, waitValue, clickLabel, click, typeInto, shot,
  newContext, newPage, openClient, pushOps, serverRecords, eventually, tokens, look, settle,
} from './lib.mjs';

const suite = startSuite({ demo: 20 });
let seq = 0;


// A client with one incoming call, made through the API as another device would.
async function clientWithCall(name) {
  const device = 'e2e-files';
  const at = Date.now();
  const client = { id: `${device}:${++seq}`, device, seq, client_id: `c:${device}:${seq}`, kind: 'client.create',
    payload: { name }, actor: 'x', at };
  const call = { id: `${device}:${++seq}`, device, seq, client_id: client.client_id, kind: 'call.create',
    record: `call:${device}:${seq}`,
    payload: { direction: 'incoming', phone: '+79001112233', started_at: at - 60000, took_place: true, duration_s: 60 },
    actor: 'x', at };
  const res = await pushOps(suite.server, device, [client, call], { token: tokens.anna });
  assert.deepEqual(res.results.map((r) => r.status), ['applied', 'applied']);
  return { clientId: client.client_id, callId: call.record };
}

// A mono 16-bit WAV of a 440 Hz tone, `seconds` long.
function wav(seconds = 3, rate = 8000) {
  const n = seconds * rate;
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0); buf.writeUInt32LE(36 + n * 2, 4); buf.write('WAVE', 8);
  buf.write('fmt ', 12); buf.writeUInt32LE(16, 16); buf.writeUInt16LE(1, 20); buf.writeUInt16LE(1, 22);
  buf.writeUInt32LE(rate, 24); buf.writeUInt32LE(rate * 2, 28); buf.writeUInt16LE(2, 32); buf.writeUInt16LE(16, 34);
  buf.write('data', 36); buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), 44 + i * 2);
  return buf;
}

const seconds = (text) => {
  const m = /^(\d+):(\d\d) \//.exec(text ?? '');
  return m ? Number(m[1]) * 60 + Number(m[2]) : -1;
};

// Opens a tab of the card and waits until it is the one shown.
async function openTab(page, label) {
  await eventually(async () => {
    const tab = (await findAll(page, label, 'tab'))[0];
    if (tab?.selected) return true;
    if (tab) await click(page, tab);
    return false;
  }, { timeout: 15000, what: `the ${label} tab opens` });
}

async function openCall(page, name) {
  await openClient(page, name);
  await openTab(page, 'Calls');
  // The row opens the call; its phone is a tel: link of its own, so click beside it.
  // Bands above the card (the first download's progress) may move it between frames: click the
  // row where the last frame drew it until the call is open.
  await eventually(async () => {
    if ((await findAll(page, /^Call, /, 'heading')).length) return true;
    const row = await find(page, /^Incoming/, 'listitem', { timeout: 15000 });
    await look(page);
    await page.mouse.click(row.x + 6, row.y + row.h - 4);
    await settle(page);
    return (await findAll(page, /^Call, /, 'heading')).length > 0;
  }, { timeout: 20000, interval: 300, what: 'the call opens' });
}

// Clicks `label` and answers the file chooser it opens with `file`.
async function pick(page, label, file) {
  await look(page);
  const chooser = page.waitForEvent('filechooser', { timeout: 15000 });
  await clickLabel(page, label, 'button');
  await (await chooser).setFiles(file);
  await settle(page);
}

test('a WAV uploaded as a call recording plays in the card: the position advances', async () => {
  const { callId } = await clientWithCall('Рекордов Роман');
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openCall(page, 'Рекордов Роман');
  // 20 seconds: on a loaded machine a 3-second recording could end before the test pauses it.
  await pick(page, 'Attach recording', { name: 'call.wav', mimeType: 'audio/wav', buffer: wav(20) });
  await find(page, 'Play', 'button', { timeout: 30000 });
  await eventually(async () => (await serverRecords(suite.server)).get(callId)?.fields?.recording?.name === 'call.wav',
    { timeout: 30000, what: 'the server has the recording on the call' });

  await clickLabel(page, 'Play', 'button');
  await waitValue(page, 'Position', 'slider', (v) => seconds(v) >= 1, { timeout: 30000 });
  await clickLabel(page, 'Speed 2×', 'radio');
  await find(page, 'Pause', 'button');
  await shot(page, 'e2e-files-01-playing');
  await clickLabel(page, 'Pause', 'button');
  await find(page, 'Play', 'button');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a file attached to a comment downloads byte for byte', async () => {
  await clientWithCall('Вложенов Виктор');
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, 'Вложенов Виктор');
  await openTab(page, 'Comments');
  const text = `Прайс-лист ${Date.now()}\nстрока два\n`;
  const bytes = Buffer.from(text, 'utf8');
  await pick(page, 'Attach file', { name: 'price.txt', mimeType: 'text/plain', buffer: bytes });
  await typeInto(page, 'New comment', 'The price list', { enter: false });
  await clickLabel(page, 'Send', 'button');
  const link = await find(page, 'Download price.txt', 'button', { timeout: 30000 });

  const download = page.waitForEvent('download', { timeout: 15000 });
  await click(page, link);
  const url = (await download).url();
  assert.match(url, /\/api\/v1\/files\/[0-9a-f]{64}\?ticket=/);
  assert.ok(url.startsWith(suite.server.url), 'only our server is asked');
  const hash = await page.evaluate(async (u) => {
    const body = await (await fetch(u)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', body);
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, url);
  assert.equal(hash, createHash('sha256').update(bytes).digest('hex'));
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a recording picked offline survives a reload and is uploaded and attached once online', async () => {
  const { callId } = await clientWithCall('Офлайнов Олег');
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openCall(page, 'Офлайнов Олег');

  await context.setOffline(true);
  await pick(page, 'Attach recording', { name: 'offline.wav', mimeType: 'audio/wav', buffer: wav(1) });
  await find(page, 'Will upload when online', 'status');
  await find(page, /^(Saved|Offline)$/, 'status');
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await settle(page);
  await openCall(page, 'Офлайнов Олег');
  await find(page, 'Will upload when online', 'status');
  await shot(page, 'e2e-files-03-queued-offline');

  await context.setOffline(false);
  await find(page, 'Play', 'button', { timeout: 60000 });
  await eventually(async () => (await serverRecords(suite.server)).get(callId)?.fields?.recording?.name === 'offline.wav',
    { timeout: 60000, what: 'the recording reaches the server and is on the call' });
  assert.deepEqual(page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|net::/.test(e)), []);
  await context.close();
});
