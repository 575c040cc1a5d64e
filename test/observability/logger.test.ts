// The log format: pretty on a terminal, JSON lines otherwise, LOG_FORMAT wins either way and a
// wrong value is a configuration error naming the variable; the banner names every URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config.js';
import { logFormatFrom } from '../../src/observability/logger.js';
import { renderBanner } from '../../src/platform/banner.js';

test('logs are pretty on a terminal and JSON otherwise; LOG_FORMAT overrides both', () => {
  assert.equal(logFormatFrom({}, true), 'pretty');
  assert.equal(logFormatFrom({}, false), 'json');
  assert.equal(logFormatFrom({ LOG_FORMAT: 'json' }, true), 'json');
  assert.equal(logFormatFrom({ LOG_FORMAT: 'pretty' }, false), 'pretty');
  assert.throws(() => logFormatFrom({ LOG_FORMAT: 'yaml' }, false), (e: unknown) => e instanceof ConfigError && e.variable === 'LOG_FORMAT');
});

test('the banner names GraphQL, the explorer, /apply, the tax node\'s /verify, the data folder, the origin and the demo keys', () => {
  const banner = renderBanner({
    url: 'http://127.0.0.1:4000', dataDir: '/srv/data', origin: 'demo.chain-invoice.local/ledger', fixturesDir: '/app/fixtures', metricsProtected: false,
    taxNode: { url: 'http://127.0.0.1:4100', local: true, dataDir: '/srv/data/tax-node' },
  });
  for (const text of ['http://127.0.0.1:4000/graphql', 'open it in a browser', 'http://127.0.0.1:4000/apply', 'http://127.0.0.1:4100/verify', '/srv/data', 'demo.chain-invoice.local/ledger', 'local child', '/app/fixtures/demo/platform.json']) {
    assert.ok(banner.includes(text), `the banner shows ${text}`);
  }
  assert.match(renderBanner({ url: 'http://h:1', dataDir: 'd', origin: 'o', fixturesDir: 'f', metricsProtected: true, taxNode: null }), /tax node\s+none/u);
});
