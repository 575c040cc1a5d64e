// Writes fresh PUBLIC DEMO keys for the WeChat Pay and Alipay notification senders into
// fixtures/providers (only needed if the committed demo keys are ever replaced). The WeChat Pay
// platform certificate is self-signed with the openssl CLI, since node:crypto cannot issue one.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../fixtures/providers/', import.meta.url));
mkdirSync(dir, { recursive: true });
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
for (const name of ['wechatpay-pubkey', 'wechatpay-platform-cert', 'alipay']) {
  const { publicKey, privateKey } = pair();
  writeFileSync(`${dir}${name}.private.pem`, privateKey, { mode: 0o600 });
  writeFileSync(`${dir}${name}.public.pem`, publicKey);
}
const cert = spawnSync('openssl', [
  'req', '-new', '-x509', '-key', `${dir}wechatpay-platform-cert.private.pem`, '-days', '3650', '-subj', '/C=CN/O=DEMO WeChat Pay platform certificate/CN=DEMO',
  '-set_serial', `0x${randomBytes(20).toString('hex').replace(/^[89a-f]/u, '1')}`, '-out', `${dir}wechatpay-platform-cert.pem`,
], { stdio: 'inherit' });
if (cert.status !== 0) process.exit(1);
const alnum = (n: number): string => Array.from(randomBytes(n), (b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');
writeFileSync(`${dir}demo-merchant.json`, `${JSON.stringify({
  merchantId: 'm_demo',
  wechatpay: { mchid: '1900000109', apiV3Key: alnum(32), publicKeyId: `PUB_KEY_ID_0119000001092026112000000000${String(randomBytes(2).readUInt16BE()).padStart(6, '0')}` },
  alipay: { appId: '2021000000000001', sellerId: '2088000000000001' },
}, null, 2)}\n`);
console.log(`demo provider keys written to ${dir}`);
