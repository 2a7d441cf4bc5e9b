// A Workspace on loopback for `./run demo` and the browser tests: wxcc-sim, and workspace-host with
// the webexcc-outbound plugin (and browser-bridge unless left out), in a temporary folder. Node's
// own modules only: plain `./run demo` runs without tests/browser/node_modules.
//
// Webex is only ever reached over TLS, so the simulator is too (https / wss), as in the C++ suites:
// a CA made for this run signs the simulator's loopback certificate; the plugin trusts it through its
// `caFile`, Node through `simAgent` (an https.Agent knowing that CA), never by turning checks off.
//
//   const workspace = await startWorkspace({ binaries, allowedOrigins: ['http://127.0.0.1:9000'] });
//   workspace.pageUrl      // http://127.0.0.1:<port>/, the agent panel (with browser-bridge)
//   await workspace.simControl({ agentState: 'Idle' });
//   await workspace.simRequest('/v1/notification/subscribe', { method: 'POST', headers, body });  // {status, body}
//   https.request(url, { agent: workspace.simAgent })   // anything else that talks to the simulator
//   await workspace.stop();  // also at the process's exit: the children killed, the folder removed
//
// onHostLine(line, {send, simControl}) hears each line the host writes to stdout (a bus message) from
// the first one on; send(message) writes one to its stdin.

import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync, copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync,
} from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// binaries: {host, sim, pluginDir} — pluginDir holds the webexcc-outbound/ and browser-bridge/ build folders;
// with wine (the wine64 loader) and winePrefix, Windows builds (.exe, plugins .dll) run under Wine.
export const SIM_TOKEN = 'wxcc-sim-token';

// How a program of `binaries` is started, and how it names a file of this machine: Wine's Z: drive
// is the Unix root, so /tmp/x is Z:/tmp/x to a Windows program (forward slashes are separators too).
function programsOf(binaries) {
  if (!binaries.wine) {
    return { spawn: (binary, args, options) => spawn(binary, args, options), path: (file) => file, pluginSuffix: '.so' };
  }
  const env = { ...process.env, WINEPREFIX: binaries.winePrefix, WINEDEBUG: '-all' };
  return {
    spawn: (binary, args, options) => spawn(binaries.wine, [binary, ...args], { ...options, env }),
    path: (file) => `Z:${file}`,
    pluginSuffix: '.dll',
  };
}

function firstLine(stream, pattern, what, timeoutMs = 20000) {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: stream });
    const timer = setTimeout(() => reject(new Error(`${what}: not seen within ${timeoutMs} ms`)), timeoutMs);
    lines.on('line', (line) => {
      const match = line.match(pattern);
      if (match) { clearTimeout(timer); resolve(match); }
    });
  });
}

function installPlugins(pluginDir, plugins, folder, suffix) {
  const installed = join(folder, 'plugins');
  mkdirSync(installed, { mode: 0o755 });
  chmodSync(installed, 0o755);  // the host refuses a plugin folder others may write
  for (const id of plugins) {
    copyFileSync(join(pluginDir, id, `${id}${suffix}`), join(installed, `${id}${suffix}`));
    copyFileSync(join(pluginDir, id, `${id}.json`), join(installed, `${id}.json`));
  }
}

// The simulator's certificate for 127.0.0.1 and localhost, signed by a CA of its own that lives as
// long as the folder (a day at most); the CA's key is deleted once it has signed, so that CA vouches
// for this one certificate only.
function makeLoopbackCertificates(folder) {
  const file = (name) => join(folder, name);
  const issue = (args) => execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', ...args,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  issue(['-subj', '/CN=Workspace loopback test CA', '-addext', 'basicConstraints=critical,CA:TRUE',
         '-addext', 'keyUsage=critical,keyCertSign', '-keyout', file('ca.key'), '-out', file('ca.pem')]);
  issue(['-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-subj', '/CN=127.0.0.1',
         '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:FALSE',
         '-addext', 'extendedKeyUsage=serverAuth', '-keyout', file('sim.key'), '-out', file('sim.pem')]);
  rmSync(file('ca.key'));
  return { caFile: file('ca.pem'), certificate: file('sim.pem'), key: file('sim.key') };
}

function hostConfig({ simUrl, caFile, plugins, outbound, allowedOrigins, bridge }) {
  const config = {
    'webexcc-outbound': { apiBase: simUrl, caFile, accessTokenFile: 'token', ...outbound },
    'browser-bridge': { port: 0, allowedOrigins, ...bridge },
  };
  return {
    workspace: { version: '3.21.2410' }, pluginDirectory: 'plugins',
    plugins: plugins.map((id) => ({ id, enabled: true, config: config[id] })),
  };
}

// One HTTPS request to the simulator (path from its root), trusting the run's CA: resolves with
// {status, body} (the body as text).
const simRequestAt = (simUrl, agent) => (path, { method = 'GET', headers = {}, body } = {}) =>
  new Promise((resolve, reject) => {
    const request = https.request(new URL(path, simUrl), { method, headers, agent, timeout: 10000 }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`wxcc-sim ${method} ${path}: no answer within 10 s`)));
    request.on('error', reject);
    request.end(body);
  });

const simControlWith = (simRequest) => async (command) => {
  const { status, body } = await simRequest('/control', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(command) });
  if (status !== 200) throw new Error(`wxcc-sim control ${JSON.stringify(command)}: HTTP ${status} ${body}`);
  return JSON.parse(body);
};

// As Webex, the simulator leaves wrap-up to the client (the agent, or the plugin's auto wrap-up from
// the profile); autoWrapUp: true has it send AgentWrappedUp by itself, for runs that wrap up nothing.
async function startSim(programs, binary, { stepMs, simArgs, autoWrapUp }, tls, settings, left) {
  const args = ['--port', '0', '--agent-state', 'Idle', '--step-ms', String(stepMs), '--tls-cert', programs.path(tls.certificate),
                '--tls-key', programs.path(tls.key), ...(autoWrapUp ? ['--auto-wrap-up'] : []), ...simArgs];
  const sim = programs.spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  left.add(sim);
  const [, simUrl] = await firstLine(sim.stdout, /^wxcc-sim listening on (https:\/\/\S+)/, 'wxcc-sim over TLS');
  const simAgent = new https.Agent({ ca: readFileSync(tls.caFile) });
  const simRequest = simRequestAt(simUrl, simAgent);
  const simControl = simControlWith(simRequest);
  if (settings) await simControl(settings);
  return { simUrl, simAgent, simRequest, simControl };
}

// The browser bridge logs the panel's address once it listens; without it there is nothing to wait for.
async function pageUrlOf(host, plugins, exited, log) {
  if (!plugins.includes('browser-bridge')) return undefined;
  const started = firstLine(host.stderr, /agent panel at (http:\/\/\S+\/)/, 'the browser bridge');
  const [, pageUrl] = await Promise.race([started, exited.then(() => { throw new Error(`workspace-host exited:\n${log.join('')}`); })]);
  return pageUrl;
}

// What a run leaves behind: its child processes and its folder (the CA and keys included). stop()
// removes them; should the process end first (an uncaught error, a demo's process.exit), its exit does.
function leftovers(folder) {
  const children = [];
  const remove = () => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(folder, { recursive: true, force: true });
  };
  process.on('exit', remove);
  return { add: (child) => children.push(child), remove: () => { process.off('exit', remove); remove(); } };
}

function startHost(programs, binary, folder, onHostLine, simControl) {
  const host = programs.spawn(binary, ['--config', programs.path(join(folder, 'host.json'))], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = [];
  host.stderr.on('data', (chunk) => log.push(chunk.toString()));
  host.stderr.pipe(createWriteStream(join(folder, 'host.log')));
  const exited = new Promise((resolve) => host.once('exit', resolve));
  const send = (message) => host.stdin.write(`${JSON.stringify(message)}\n`);
  if (onHostLine) createInterface({ input: host.stdout }).on('line', (line) => onHostLine(line, { send, simControl }));
  else host.stdout.resume();
  return { host, log, exited, send };
}

// plugins: which of webexcc-outbound and browser-bridge to load; outbound: the outbound plugin's
// settings beyond apiBase, caFile and the token; simSettings: a control request sent before the host
// starts; autoWrapUp: the simulator wraps up every call by itself (off, as Webex);
// profile: the plugin reads the agent's profile (it is given the simulator's organisation id, which
// a real access token carries but the simulator's fixed token does not).
export async function startWorkspace({
  binaries, plugins = ['webexcc-outbound', 'browser-bridge'], allowedOrigins = [], bridge = {}, simArgs = [],
  stepMs = 300, simSettings = undefined, onHostLine = undefined, profile = false, autoWrapUp = false,
  outbound = { entryPointId: 'ep-browser', outdialAni: '1908603511', defaultWrapUpCodeId: 'wrap-up-default' },
}) {
  const folder = mkdtempSync(join(tmpdir(), 'workspace-'));
  const left = leftovers(folder);
  const programs = programsOf(binaries);
  try {
    installPlugins(binaries.pluginDir, plugins, folder, programs.pluginSuffix);
    const tls = makeLoopbackCertificates(folder);
    const { simUrl, simAgent, simRequest, simControl } =
      await startSim(programs, binaries.sim, { stepMs, simArgs, autoWrapUp }, tls, simSettings, left);
    if (profile) outbound = { ...outbound, orgId: (await simControl({ status: true })).orgId };
    writeFileSync(join(folder, 'token'), `${SIM_TOKEN}\n`, { mode: 0o600 });
    writeFileSync(join(folder, 'host.json'), JSON.stringify(
      hostConfig({ simUrl, caFile: 'ca.pem', plugins, outbound, allowedOrigins, bridge }), null, 2));
    const { host, log, exited, send } = startHost(programs, binaries.host, folder, onHostLine, simControl);
    left.add(host);
    const pageUrl = await pageUrlOf(host, plugins, exited, log);
    const stop = async () => {
      host.stdin.end();  // end of input: the host deactivates its plugins and exits
      let timer;
      await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 10000); })]);
      clearTimeout(timer);
      left.remove();  // the simulator, and the host if it has not exited by now
    };
    return { folder, simUrl, simAgent, simRequest, pageUrl, exited, hostLog: () => log.join(''), send, simControl, stop };
  } catch (error) {
    left.remove();
    throw error;
  }
}
