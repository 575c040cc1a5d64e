// Every command answers --help with its usage and exit status 0, and does nothing else: no
// node starts, no data directory appears (issue 15: `npm run tax-node -- --help` used to start
// a node and create ./data/tax-node; `npm run demo -- --help` crashed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ROOT } from '../../src/cli/processes.js';

const COMMANDS = ['src/main.ts', 'src/cli/tax-node.ts', 'src/cli/demo.ts', 'src/cli/keys.ts', 'src/cli/send-payment.ts', 'src/cli/reconcile.ts', 'src/cli/make-bill.ts', 'src/cli/verify-ledger.ts', 'src/cli/verify-invoice.ts'];

function run(entry: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, entry), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('every command prints its usage for --help, exits 0 and leaves no trace', async (t) => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'chain-invoice-help-'));
  t.after(() => rmSync(scratch, { recursive: true, force: true }));
  const dataDir = path.join(scratch, 'data');
  const answers = await Promise.all(COMMANDS.map(async (entry) => ({ entry, ...(await run(entry, ['--help'], { DATA_DIR: dataDir, PORT: '1' })) })));
  for (const a of answers) {
    assert.equal(a.code, 0, `${a.entry} --help exits 0 (stderr: ${a.stderr})`);
    assert.match(a.stdout, /^usage:/mu, `${a.entry} prints its usage`);
    assert.doesNotMatch(a.stdout + a.stderr, /\n\s+at .+:\d+:\d+/u, `${a.entry} shows no stack trace`);
  }
  assert.equal(existsSync(dataDir), false, 'no data directory was created');
  assert.deepEqual(readdirSync(scratch), []);
});

test('an unknown option is a usage error (exit 2) naming the option, not a stack trace', async () => {
  const answers = await Promise.all(['src/main.ts', 'src/cli/tax-node.ts', 'src/cli/demo.ts'].map(async (entry) => ({ entry, ...(await run(entry, ['--no-such-option'], {})) })));
  for (const a of answers) {
    assert.equal(a.code, 2, `${a.entry}: ${a.stderr}`);
    assert.match(a.stderr, /no-such-option/u);
    assert.match(a.stderr, /^usage:/mu);
    assert.doesNotMatch(a.stderr, /\n\s+at .+:\d+:\d+/u);
  }
});
