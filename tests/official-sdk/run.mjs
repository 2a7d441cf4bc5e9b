// The official SDK test's launcher (ctest runs it): makes a throw-away loopback certificate, then
// runs the test under `node --test` with NODE_EXTRA_CA_CERTS naming it, so the SDK's own HTTPS
// client and WebSocket trust wxcc-sim and the cloud stand-in as they would trust Webex (Node reads
// that variable only when it starts, hence the second process).

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const RUN_TIMEOUT_MS = 180000;

const folder = mkdtempSync(join(tmpdir(), 'official-sdk-'));
const certificate = join(folder, 'cert.pem');
const key = join(folder, 'key.pem');
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=wxcc-sim-test',
  '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', certificate], { stdio: 'ignore' });

// The verdict comes from the TAP stream, not from the process's exit: once the SDK has run, its
// own timers (reconnect, keepalive, metrics) keep the test process alive after the last step, and
// only a top-level result line says that every step has been judged.
const test = new URL('./official_sdk.test.mjs', import.meta.url).pathname;
const child = spawn(process.execPath, ['--test', '--test-reporter=tap', test], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate, SIM_TLS_CERT: certificate, SIM_TLS_KEY: key },
});
let failed = false;
const finish = (ok, why) => {
  if (why) console.error(`official SDK test: ${why}`);
  child.kill('SIGKILL');
  rmSync(folder, { recursive: true, force: true });
  process.exit(ok && !failed ? 0 : 1);
};
const timer = setTimeout(() => finish(false, `no verdict within ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS);
createInterface({ input: child.stdout }).on('line', (line) => {
  console.log(line);
  if (/^\s*not ok /.test(line)) failed = true;
  if (/^(ok|not ok) \d+ - /.test(line)) {  // the whole suite's result (its steps are indented)
    clearTimeout(timer);
    finish(line.startsWith('ok'));
  }
});
child.on('exit', (code) => finish(false, `the test process ended (${code}) before the suite's result`));
