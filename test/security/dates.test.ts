// Issue 10, finding 12, through real HTTP: calendars are strict (a date that does not exist is
// refused, never normalised) and dates have plausible windows: paidAt from 2000-01-01 to now
// plus the webhook tolerance; tax periods from the ledger's epoch month to the current period.
// Every refusal writes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_MERCHANT, counts, paymentEvent, startTestPlatform, type TestPlatform } from '../support/platform-harness.js';

function allCounts(p: TestPlatform): Record<string, number> {
  return { ...counts(p.platform), taxReports: p.platform.db.prepare('SELECT count(*) FROM tax_reports').pluck().get() as number };
}

test('paidAt: 30 February, hour 24, no offset, before 2000 or beyond the tolerance ahead are 400 at data.paidAt', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  // the harness clock is 2026-11-21T02:00:00Z; the tolerance is 300 s
  for (const paidAt of [
    '2026-02-30T10:00:00+08:00', '2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-11-21T24:00:00Z', '2026-11-21T01:00:00',
    '9999-12-31T23:59:59Z', '2027-01-01T00:00:00Z', '2026-11-21T02:05:01Z', '1999-12-31T23:59:59Z', '0000-01-01T00:00:00Z',
  ]) {
    const event = paymentEvent(p.clock);
    const before = allCounts(p);
    const res = await p.webhook({ ...event, data: { ...(event['data'] as object), paidAt } });
    assert.equal(res.status, 400, `${paidAt}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(res.body, { error: { code: 'WEBHOOK.MALFORMED', message: (res.body as { error: { message: string } }).error.message, field: 'data.paidAt' } }, paidAt);
    assert.deepEqual(allCounts(p), before, `${paidAt}: nothing written`);
  }
  // the edges of the window are accepted, and stored as the UTC instant they name
  for (const [paidAt, stored] of [['2000-01-01T00:00:00Z', '2000-01-01T00:00:00.000Z'], ['2026-11-21T10:05:00+08:00', '2026-11-21T02:05:00.000Z']]) {
    const event = paymentEvent(p.clock);
    const res = await p.webhook({ ...event, data: { ...(event['data'] as object), paidAt } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const row = p.platform.db.prepare('SELECT paid_at FROM payments WHERE id = ?').pluck().get((res.body as { paymentId: string }).paymentId);
    assert.equal(row, stored);
  }
});

test('fileTaxReport: 0000-01, 9999-12, a month before the ledger epoch or after the current period are BAD_USER_INPUT, nothing filed', async (t) => {
  const p = await startTestPlatform();
  t.after(() => p.close());
  const file = 'mutation($p: String!) { fileTaxReport(period: $p) { id } }';
  for (const period of ['0000-01', '9999-12', '2021-11', '2021-Q3', '2026-12', '2027-Q1', '2026-02-30', '2026-13', '2026-Q0']) {
    const before = allCounts(p);
    const res = await p.gql(file, { p: period }, DEMO_MERCHANT.apiKey);
    assert.deepEqual(res.errors?.[0]?.extensions, { code: 'BAD_USER_INPUT', detail: 'TAX.BAD_PERIOD' }, period);
    assert.equal(res.data, null);
    assert.deepEqual(allCounts(p), before, `${period}: nothing written`);
  }
  // the current month and quarter, and the epoch month, can be filed
  for (const period of ['2026-11', '2026-Q4', '2021-12']) {
    const res = await p.gql<{ fileTaxReport: { id: string } }>(file, { p: period }, DEMO_MERCHANT.apiKey);
    assert.equal(res.errors, undefined, `${period}: ${JSON.stringify(res.errors)}`);
  }
});
