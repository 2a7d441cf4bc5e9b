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

// Each file runs under a `node --test` of its own (one SDK, one simulator each), one after another.
// The verdict comes from the TAP stream, not from the process's exit: once the SDK has run, its
// own timers (reconnect, keepalive, metrics) keep the test process alive after the last step (and
// node --test would hold a second file's results back until the first file's process ended), and
// only a top-level result line says that every step has been judged.
const FILES = ['official_sdk.test.mjs', 'official_sdk_auto_wrapup.test.mjs', 'official_sdk_consult.test.mjs'];

function runFile(file) {
  const child = spawn(process.execPath, ['--test', '--test-reporter=tap', new URL(`./${file}`, import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_EXTRA_CA_CERTS: certificate, SIM_TLS_CERT: certificate, SIM_TLS_KEY: key },
    detached: true,  // a process group: node --test runs the file in a child that must end with it
  });
  return new Promise((resolve) => {
    let failed = false;
    const finish = (ok, why) => {
      if (why) console.error(`official SDK test ${file}: ${why}`);
      clearTimeout(timer);
      child.removeAllListeners('exit');
      try {
        process.kill(-child.pid, 'SIGKILL');  // the runner, the file's process and its simulator
      } catch {
        // the group has ended already
      }
      resolve(ok && !failed);
    };
    const timer = setTimeout(() => finish(false, `no verdict within ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS);
    createInterface({ input: child.stdout }).on('line', (line) => {
      console.log(line);
      if (/^\s*not ok /.test(line)) failed = true;
      if (/^(ok|not ok) \d+ - /.test(line)) finish(line.startsWith('ok'));  // the suite's result (steps are indented)
    });
    child.on('exit', (code) => finish(false, `the test process ended (${code}) before the suite's result`));
  });
}

let passed = true;
for (const file of FILES) passed = (await runFile(file)) && passed;
rmSync(folder, { recursive: true, force: true });
process.exit(passed ? 0 : 1);
