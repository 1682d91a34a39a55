// End to end, in Debian's Chromium against the real reference server: the card's Orders tab as a
// manager and an admin use it — a failed payment's provider code explained in Russian, and a
// manual payment added by a manager, confirmed by an admin on another device, with the totals
// changing on both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, openCard, findAll, clickLabel, typeInto, shot, newContext, newPage, openClient,
  pushOps, serverRecords, eventually, tokens, look, settle,
} from './lib.mjs';

const suite = startSuite({ demo: 20 });
let seq = 0;
const device = 'e2e-money';


// Ops pushed as an admin's other device: a client, then whatever records `more` makes for it.
async function pushClient(name, more = () => []) {
  const at = Date.now();
  const op = (fields) => ({ id: `${device}:${++seq}`, device, seq, actor: 'x', at, ...fields });
  const client = op({ client_id: `c:${device}:${seq + 1}`, kind: 'client.create', payload: { name } });
  const ops = [client, ...more(client.client_id, op)];
  const res = await pushOps(suite.server, device, ops, { token: tokens.anna });
  assert.deepEqual(res.results.map((r) => r.status), ops.map(() => 'applied'), JSON.stringify(res));
  return client.client_id;
}

// The listitem rows of the last frame whose label or value contains `part`.
async function rowsWith(page, part) {
  return (await findAll(page, /./, 'listitem')).filter((n) => `${n.label} ${n.value}`.includes(part));
}

async function totalOf(page, label) {
  const hits = await findAll(page, label, 'text');
  return hits.length ? hits[0].value : '';
}

test('a failed payment shows its provider code explained in Russian', async () => {
  const name = 'Marta Declinedcard';
  await pushClient(name, (clientId, op) => {
    const o = op({ client_id: clientId, kind: 'payment.create' });
    o.record = `payment:${o.id}`;
    o.payload = { type: 'payment', amount: 129900, currency: 'RUB', method: 'card', status: 'failed',
      error_code: '51', paid_at: Date.now() - 3600000 };
    return [o];
  });
  const context = await newContext(suite.browser, { token: tokens.boris });
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, name);
  await clickLabel(page, 'Orders', 'tab');
  await eventually(async () => (await rowsWith(page, 'Failed: 51 — Not enough money on the card')).length === 1,
    { what: 'the failed payment in English' });
  await clickLabel(page, 'RU', 'radio');
  await eventually(async () => (await rowsWith(page, 'Ошибка: 51 — Недостаточно средств на карте')).length === 1,
    { what: 'the failed payment explained in Russian' });
  assert.equal(await totalOf(page, 'Неудачные оплаты'), '1');
  await shot(page, 'money-failed-ru');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a manual payment added by a manager is confirmed by an admin on another device; the totals change on both', async () => {
  const name = 'Oskar Cashdesk';
  const clientId = await pushClient(name);
  const manager = await newContext(suite.browser, { token: tokens.boris });
  const admin = await newContext(suite.browser, { token: tokens.anna });
  const a = await newPage(manager);
  const b = await newPage(admin);
  for (const page of [a, b]) {
    await openCard(page, suite.server.url);
    await openClient(page, name);
    await clickLabel(page, 'Orders', 'tab');
  }

  await look(a);
  await clickLabel(a, '+ Payment', 'button');
  await typeInto(a, 'Amount', '1500', { enter: false });
  await clickLabel(a, 'Save', 'button');
  // Counted nowhere yet: awaiting confirmation, on the manager's card and on the server.
  await eventually(async () => (await totalOf(a, 'Awaiting confirmation (not counted)')) === '$1,500.00',
    { what: 'the manual payment awaiting confirmation' });
  assert.equal(await totalOf(a, 'Money brought'), '—');
  assert.equal((await findAll(a, 'Confirm', 'button')).length, 0, 'its author gets no Confirm');
  await eventually(async () => [...(await serverRecords(suite.server)).values()]
    .some((r) => r.kind === 'payment' && r.client_id === clientId), { timeout: 30000, what: 'the payment on the server' });

  // The admin's card learns of it and confirms it.
  await look(b);
  await eventually(async () => { await settle(b); return (await findAll(b, 'Confirm', 'button')).length === 1; },
    { timeout: 30000, what: 'Confirm on the admin card' });
  assert.equal(await totalOf(b, 'Awaiting confirmation (not counted)'), '$1,500.00');
  await clickLabel(b, 'Confirm', 'button');
  await eventually(async () => (await totalOf(b, 'Money brought')) === '$1,500.00', { what: 'the admin card\'s total' });
  await eventually(async () => [...(await serverRecords(suite.server)).values()]
    .some((r) => r.kind === 'payment' && r.client_id === clientId && r.fields.confirmed_by === 'Anna'),
  { timeout: 30000, what: 'the confirmation on the server' });

  // The manager's card follows.
  await look(a);
  await eventually(async () => { await settle(a); return (await totalOf(a, 'Money brought')) === '$1,500.00'; },
    { timeout: 30000, what: 'the manager card\'s total' });
  assert.equal(await totalOf(a, 'Awaiting confirmation (not counted)'), '');
  await shot(a, 'money-confirmed-manager');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  await manager.close();
  await admin.close();
});
