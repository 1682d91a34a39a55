// End to end, in Debian's Chromium against the real reference server: the money and activity
// sections as a manager uses them — a manual sale updates the count, the sum and the last sale
// date at once (and reaches the server); subscribing to a tunnel at a block shows in the
// tunnel's history (and on the server).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, openCard, find, findAll, clickLabel, typeInto, shot, newContext, newPage, openClient,
  eventually,
} from './lib.mjs';

const suite = startSuite({ demo: 60 });
const { freshClient, recordsOf } = suite;

test('a manual sale from the "+" updates the sales count, sum and last sale date, and reaches the server', async () => {
  const target = freshClient();
  const before = (await recordsOf(target.id, 'sale')).length;
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);
  await clickLabel(page, 'Sales', 'tab');
  await find(page, `Sales: ${before}`, 'status');

  await clickLabel(page, 'Add sale', 'button');
  await typeInto(page, 'Player ID', 'P-2024', { enter: false });
  await typeInto(page, 'Amount', '1500', { enter: false });
  await clickLabel(page, 'Save', 'button');

  // At once, before the server answers.
  await find(page, `Sales: ${before + 1}`, 'status');
  const today = await page.evaluate(() => new Date().toLocaleDateString('sv'));  // YYYY-MM-DD, local
  await find(page, `Last sale: ${today}`, 'status');
  if (before === 0) await find(page, /1,500\.00/, 'status');
  else assert.ok((await findAll(page, /₽/, 'status')).length > 0, 'the sum in rubles shows');
  await find(page, /P-2024/, 'listitem');
  await shot(page, 'e2e-activity-01-manual-sale');

  await eventually(async () => (await recordsOf(target.id, 'sale')).some((s) => s.fields.player_id === 'P-2024'),
    { timeout: 30000, what: 'the sale on the server' });
  const sale = (await recordsOf(target.id, 'sale')).find((s) => s.fields.player_id === 'P-2024');
  assert.equal(sale.fields.amount, 150000);
  assert.equal(sale.fields.currency, 'RUB');
  assert.equal(sale.fields.via, 'manual');
  await context.close();
});

test('subscribing to a tunnel at a block shows in the tunnel history and on the server', async () => {
  // A client with a messenger channel: the selector offers it ("Telegram · @name").
  const target = freshClient((x) => (x.channels ?? []).some((ch) => !ch.archived));
  const context = await newContext(suite.browser);
  const page = await newPage(context);
  await openCard(page, suite.server.url);
  await openClient(page, target.name);
  await clickLabel(page, 'Subscriptions', 'tab');
  const picked = (await findAll(page, / · /, 'radio')).find((n) => n.value === 'true');
  assert.ok(picked, 'a channel is picked');
  await clickLabel(page, 'Subscribe to a tunnel', 'button');
  await typeInto(page, 'Tunnel', 'E2E warm-up', { enter: false });
  await typeInto(page, 'Block', 'Day 1: welcome', { enter: false });
  await clickLabel(page, 'Subscribe', 'button');
  await clickLabel(page, 'E2E warm-up', 'button');
  await find(page, /Subscribed to a tunnel · Block: Day 1: welcome$/, 'listitem');
  await shot(page, 'e2e-activity-02-subscribed');

  await eventually(async () => (await recordsOf(target.id, 'subscription')).some((s) => s.fields.tunnel === 'E2E warm-up'),
    { timeout: 30000, what: 'the subscription on the server' });
  const sub = (await recordsOf(target.id, 'subscription')).find((s) => s.fields.tunnel === 'E2E warm-up');
  assert.equal(sub.fields.block, 'Day 1: welcome');
  assert.equal(sub.fields.state, 'active');
  assert.equal(sub.fields.channel, picked.label);
  await context.close();
});
