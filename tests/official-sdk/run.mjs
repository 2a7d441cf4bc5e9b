// The official SDK test's launcher (ctest runs it): makes a throw-away loopback certificate, then
// runs the test under `node --test` with NODE_EXTRA_CA_CERTS naming it, so the SDK's own HTTPS
// client and WebSocket trust wxcc-sim and the cloud stand-in as they would trust Webex (Node reads
// that variable only when it starts, hence the second process).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const folder = mkdtempSync(join(tmpdir(), 'official-sdk-'));
const certificate = join(folder, 'cert.pem');
const key = join(folder, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=wxcc-sim-test',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', certificate], { stdio: 'ignore' });

const test = new URL('./official_sdk.test.mjs', import.meta.url).pathname;
const run = spawnSync(process.execPath, ['--test', '--test-reporter=spec', test], {
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate, SIM_TLS_CERT: certificate, SIM_TLS_KEY: key },
});
rmSync(folder, { recursive: true, force: true });
process.exit(run.status ?? 1);
