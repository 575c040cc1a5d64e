// `npm run keys -- create --role ROLE [--merchant ID] [--employer USCC] [--person ID] [--label TEXT]`
// `npm run keys -- list` · `npm run keys -- revoke KEY_ID`   (all take --data DIR, default ./data)
// Works on the data directory's database directly, also while the service runs (WAL).
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApiKey, isRole } from '../access/index.js';
import { isDomainError, systemClock } from '../domain/index.js';
import { randomIds } from '../shared/ids.js';
import { createSqliteApiKeyStore, createSqliteMerchantStore } from '../storage/sqlite/access-stores.js';
import { openDatabase } from '../storage/sqlite/database.js';

const USAGE = `usage:
  npm run keys -- create --role ADMIN|MERCHANT|EMPLOYEE|FINANCE|TAX_AUTHORITY [--merchant ID] [--employer USCC] [--person ID] [--label TEXT] [--data DIR]
  npm run keys -- list [--data DIR]
  npm run keys -- revoke KEY_ID [--data DIR]
  (the data directory defaults to $DATA_DIR or ./data; the tax node's is ./data/tax-node)`;

function fail(message: string, code = 2): never {
  console.error(`keys: ${message}`);
  process.exit(code);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      role: { type: 'string' }, merchant: { type: 'string' }, employer: { type: 'string' }, person: { type: 'string' },
      label: { type: 'string' }, data: { type: 'string' }, db: { type: 'string' }, help: { type: 'boolean' },
    },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const { values, positionals } = parsed;
const [command, target] = positionals;
if (values.help || !command) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const dataDir = path.resolve(values.data ?? process.env['DATA_DIR'] ?? './data');
const file = values.db ?? path.join(dataDir, path.basename(dataDir) === 'tax-node' ? 'tax-node.db' : 'platform.db');
const db = openDatabase(file);
const keys = createSqliteApiKeyStore(db);

try {
  if (command === 'create') {
    const role = values.role;
    if (!isRole(role)) fail(`--role must be one of ADMIN, MERCHANT, EMPLOYEE, FINANCE, TAX_AUTHORITY\n${USAGE}`);
    if (role === 'MERCHANT' && values.merchant && !createSqliteMerchantStore(db).get(values.merchant)) fail(`no merchant ${values.merchant}`, 1);
    const { key, record } = createApiKey(
      { keys, ids: randomIds, clock: systemClock },
      { role, merchantId: values.merchant ?? null, employerId: values.employer ?? null, personId: values.person ?? null, label: values.label ?? `${role} key` },
    );
    console.log(`created ${record.role} key ${record.id} (${record.label})`);
    console.log(`key: ${key}`);
    console.log('This key is shown once; only its hash is stored.');
  } else if (command === 'list') {
    for (const k of keys.list()) {
      const scope = [k.merchantId && `merchant=${k.merchantId}`, k.employerId && `employer=${k.employerId}`, k.personId && `person=${k.personId}`].filter(Boolean).join(' ');
      console.log(`${k.id}  ${k.role.padEnd(13)} ${(k.revokedAt ? `revoked ${k.revokedAt}` : 'active').padEnd(34)} ${scope}  ${k.label}`);
    }
  } else if (command === 'revoke') {
    if (!target) fail(`revoke needs a key id\n${USAGE}`);
    if (!keys.revoke(target, new Date().toISOString())) fail(`no active key ${target}`, 1);
    console.log(`revoked ${target}`);
  } else {
    fail(`unknown command "${command}"\n${USAGE}`);
  }
} catch (error) {
  fail(isDomainError(error) ? error.message : String(error), 1);
} finally {
  db.close();
}
