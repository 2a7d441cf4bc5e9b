// A Workspace on loopback for `./run demo` and the browser tests: wxcc-sim, and workspace-host with
// the webexcc-outbound plugin (and browser-bridge unless left out), in a temporary folder. Node's
// own modules only: plain `./run demo` runs without tests/browser/node_modules.
//
//   const workspace = await startWorkspace({ binaries, allowedOrigins: ['http://127.0.0.1:9000'] });
//   workspace.pageUrl      // http://127.0.0.1:<port>/, the agent panel (with browser-bridge)
//   await workspace.simControl({ agentState: 'Idle' });
//   await workspace.stop();
//
// onHostLine(line, {send, simControl}) hears each line the host writes to stdout (a bus message) from
// the first one on; send(message) writes one to its stdin.

import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// binaries: {host, sim, pluginDir} — pluginDir holds the webexcc-outbound/ and browser-bridge/ build folders.
export const SIM_TOKEN = 'wxcc-sim-token';

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

function installPlugins(pluginDir, plugins, folder) {
  const installed = join(folder, 'plugins');
  mkdirSync(installed, { mode: 0o755 });
  chmodSync(installed, 0o755);  // the host refuses a plugin folder others may write
  for (const id of plugins) {
    copyFileSync(join(pluginDir, id, `${id}.so`), join(installed, `${id}.so`));
    copyFileSync(join(pluginDir, id, `${id}.json`), join(installed, `${id}.json`));
  }
}

function hostConfig({ simUrl, plugins, outbound, allowedOrigins, bridge }) {
  const config = {
    'webexcc-outbound': { apiBase: simUrl, accessTokenFile: 'token', ...outbound },
    'browser-bridge': { port: 0, allowedOrigins, ...bridge },
  };
  return {
    workspace: { version: '3.21.2410' }, pluginDirectory: 'plugins',
    plugins: plugins.map((id) => ({ id, enabled: true, config: config[id] })),
  };
}

const simControlAt = (simUrl) => async (body) => {
  const response = await fetch(`${simUrl}/control`, { method: 'POST', body: JSON.stringify(body),
                                                      headers: { 'Content-Type': 'application/json' } });
  if (!response.ok) throw new Error(`wxcc-sim control ${JSON.stringify(body)}: HTTP ${response.status}`);
  return response.json();
};

// As Webex, the simulator leaves wrap-up to the client (the agent, or the plugin's auto wrap-up from
// the profile); autoWrapUp: true has it send AgentWrappedUp by itself, for runs that wrap up nothing.
async function startSim(binary, { stepMs, simArgs, autoWrapUp }, settings) {
  const args = ['--port', '0', '--agent-state', 'Idle', '--step-ms', String(stepMs), ...(autoWrapUp ? ['--auto-wrap-up'] : []), ...simArgs];
  const sim = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, simUrl] = await firstLine(sim.stdout, /^wxcc-sim listening on (\S+)/, 'wxcc-sim')
    .catch((error) => { sim.kill(); throw error; });
  const simControl = simControlAt(simUrl);
  if (settings) await simControl(settings);
  return { sim, simUrl, simControl };
}

// The browser bridge logs the panel's address once it listens; without it there is nothing to wait for.
async function pageUrlOf(host, plugins, exited, log) {
  if (!plugins.includes('browser-bridge')) return undefined;
  const started = firstLine(host.stderr, /agent panel at (http:\/\/\S+\/)/, 'the browser bridge');
  const [, pageUrl] = await Promise.race([started, exited.then(() => { throw new Error(`workspace-host exited:\n${log.join('')}`); })]);
  return pageUrl;
}

// plugins: which of webexcc-outbound and browser-bridge to load; outbound: the outbound plugin's
// settings beyond apiBase and the token; simSettings: a control request sent before the host starts;
// autoWrapUp: the simulator wraps up every call by itself (off, as Webex);
// profile: the plugin reads the agent's profile (it is given the simulator's organisation id, which
// a real access token carries but the simulator's fixed token does not).
export async function startWorkspace({
  binaries, plugins = ['webexcc-outbound', 'browser-bridge'], allowedOrigins = [], bridge = {}, simArgs = [],
  stepMs = 300, simSettings = undefined, onHostLine = undefined, profile = false, autoWrapUp = false,
  outbound = { entryPointId: 'ep-browser', outdialAni: '1908603511', defaultWrapUpCodeId: 'wrap-up-default' },
}) {
  const folder = mkdtempSync(join(tmpdir(), 'workspace-'));
  installPlugins(binaries.pluginDir, plugins, folder);
  const { sim, simUrl, simControl } = await startSim(binaries.sim, { stepMs, simArgs, autoWrapUp }, simSettings);
  if (profile) outbound = { ...outbound, orgId: (await simControl({ status: true })).orgId };
  writeFileSync(join(folder, 'token'), `${SIM_TOKEN}\n`, { mode: 0o600 });
  writeFileSync(join(folder, 'host.json'),
                JSON.stringify(hostConfig({ simUrl, plugins, outbound, allowedOrigins, bridge }), null, 2));
  const host = spawn(binaries.host, ['--config', join(folder, 'host.json')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = [];
  host.stderr.on('data', (chunk) => log.push(chunk.toString()));
  host.stderr.pipe(createWriteStream(join(folder, 'host.log')));
  const exited = new Promise((resolve) => host.once('exit', resolve));
  const send = (message) => host.stdin.write(`${JSON.stringify(message)}\n`);
  if (onHostLine) createInterface({ input: host.stdout }).on('line', (line) => onHostLine(line, { send, simControl }));
  else host.stdout.resume();
  const pageUrl = await pageUrlOf(host, plugins, exited, log).catch((error) => { sim.kill(); host.kill(); throw error; });
  const stop = async () => {
    host.stdin.end();  // end of input: the host deactivates its plugins and exits
    let timer;
    await Promise.race([exited, new Promise((resolve) => { timer = setTimeout(resolve, 10000); })]);
    clearTimeout(timer);
    host.kill('SIGKILL');
    sim.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  };
  return { folder, simUrl, pageUrl, exited, hostLog: () => log.join(''), send, simControl, stop };
}
