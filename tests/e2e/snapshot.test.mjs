// End to end, the first download as a snapshot (docs/sync.md "First download"): a first visit asks
// the server for GET /api/v1/snapshot (seen in the page's requests), every client of the server
// ends up in the card and in its store (a reload needs no second download), and another device's
// edit then arrives through the ordinary pulls from the snapshot's version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSuite, openCard, newContext, newPage, openClient, pushOps, eventually, status, tokens, shot,
} from './lib.mjs';

const suite = startSuite({ demo: 1500, records: 20 });


test('a first visit downloads through the snapshot, then another device\'s edit arrives by the delta pull', async () => {
  const context = await newContext(suite.browser, { token: tokens.anna });
  const page = await newPage(context);
  const asked = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith('/api/')) asked.push(u.pathname + u.search);
  });
  await openCard(page, suite.server.url);
  await eventually(async () => {
    const s = await status(page);
    return s.live === true && !s.snapshot.active && s.clients >= suite.clients.length;
  }, { timeout: 30000, what: 'the first download done and the card live' });

  const snapshots = asked.filter((p) => p.startsWith('/api/v1/snapshot'));
  assert.equal(snapshots.length, 1, `one snapshot asked for (${asked.join(', ')})`);
  assert.ok(!asked.some((p) => p.startsWith('/api/v1/pull?since=0&')), 'no paged pull from 0');
  const s = await status(page);
  assert.equal(s.clients, suite.clients.length, 'every client of the server is in the card');
  assert.equal(s.snapshot.failed, false);
  assert.equal(s.snapshot.lines, s.snapshot.expected_lines);
  assert.ok(s.snapshot.bytes > 0 && s.snapshot.bytes <= s.snapshot.expected_bytes * 1.05,
    `bytes received ${s.snapshot.bytes} of ${s.snapshot.expected_bytes} announced`);

  // Another device changes a client: the pulls from the snapshot's version bring it.
  const target = suite.clients.find((c) => !c.deleted && /^[A-Za-z]/.test(c.name) && c.city !== 'Тверь' &&
    suite.clients.filter((x) => x.name === c.name).length === 1);
  assert.ok(target, 'a client to edit');
  await openClient(page, target.name);
  const answer = await pushOps(suite.server, 'e2e-snapshot-dev', [{
    id: 'e2e-snapshot-dev:1', device: 'e2e-snapshot-dev', seq: 1, client_id: target.id, kind: 'client.set',
    payload: { city: 'Тверь' }, actor: '', at: Date.now(),
  }], { token: tokens.vera });
  assert.equal(answer.results[0].status, 'applied');
  await page.waitForFunction(
    () => window.clientcard.find('City', 'textbox').some((n) => n.value === 'Тверь'),
    null, { polling: 50, timeout: 10000 });
  assert.equal(asked.filter((p) => p.startsWith('/api/v1/snapshot')).length, 1, 'the edit came by a pull, not a snapshot');
  assert.ok(asked.some((p) => p.startsWith('/api/v1/pull?since=') && !p.startsWith('/api/v1/pull?since=0&')),
    'pulls from the snapshot\'s version');
  await shot(page, 'e2e-snapshot-01-after-delta');

  // The snapshot was stored whole: a reload shows every client without downloading again.
  asked.length = 0;
  await page.reload();
  await page.waitForFunction(() => window.clientcard && window.clientcard.tree, null, { timeout: 30000 });
  await eventually(async () => (await status(page)).clients >= suite.clients.length, { what: 'every client after the reload' });
  assert.ok(!asked.some((p) => p.startsWith('/api/v1/snapshot')), 'no second snapshot after a reload');
  await context.close();
});
