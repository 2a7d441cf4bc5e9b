// A Workspace on loopback for the browser tests and `./run demo --browser`: wxcc-sim, and
// workspace-host with the webexcc-outbound and browser-bridge plugins, in a temporary folder.
//
//   const workspace = await startWorkspace({ binaries, allowedOrigins: ['http://127.0.0.1:9000'] });
//   workspace.pageUrl      // http://127.0.0.1:<port>/, the agent panel
//   await workspace.simControl({ autoWrapUp: false });
//   await workspace.stop();

import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// binaries: {host, sim, pluginDir} — pluginDir holds webexcc-outbound/ and browser-bridge/ build folders.
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

function installPlugins(pluginDir, folder) {
  const plugins = join(folder, 'plugins');
  mkdirSync(plugins, { mode: 0o755 });
  chmodSync(plugins, 0o755);  // the host refuses a plugin folder others may write
  for (const [build, id] of [['webexcc-outbound', 'webexcc-outbound'], ['browser-bridge', 'browser-bridge']]) {
    copyFileSync(join(pluginDir, build, `${id}.so`), join(plugins, `${id}.so`));
    copyFileSync(join(pluginDir, build, `${id}.json`), join(plugins, `${id}.json`));
  }
}

export async function startWorkspace({ binaries, allowedOrigins = [], bridge = {}, simArgs = [] }) {
  const folder = mkdtempSync(join(tmpdir(), 'workspace-browser-'));
  installPlugins(binaries.pluginDir, folder);
  const sim = spawn(binaries.sim, ['--port', '0', '--agent-state', 'Idle', '--step-ms', '300', ...simArgs],
                    { stdio: ['ignore', 'pipe', 'pipe'] });
  const [, simUrl] = await firstLine(sim.stdout, /^wxcc-sim listening on (\S+)/, 'wxcc-sim');
  writeFileSync(join(folder, 'token'), `${SIM_TOKEN}\n`, { mode: 0o600 });
  const config = {
    workspace: { version: '3.21.2410' }, pluginDirectory: 'plugins',
    plugins: [
      { id: 'webexcc-outbound', enabled: true,
        config: { apiBase: simUrl, accessTokenFile: 'token', entryPointId: 'ep-browser', outdialAni: '1908603511',
                  defaultWrapUpCodeId: 'wrap-up-default' } },
      { id: 'browser-bridge', enabled: true, config: { port: 0, allowedOrigins, ...bridge } },
    ],
  };
  writeFileSync(join(folder, 'host.json'), JSON.stringify(config, null, 2));
  const host = spawn(binaries.host, ['--config', join(folder, 'host.json')], { stdio: ['pipe', 'pipe', 'pipe'] });
  const log = [];
  host.stderr.on('data', (chunk) => log.push(chunk.toString()));
  const exited = new Promise((resolve) => host.once('exit', resolve));
  host.stdout.resume();
  const started = firstLine(host.stderr, /agent panel at (http:\/\/\S+\/)/, 'the browser bridge');
  const [, pageUrl] = await Promise.race([started, exited.then(() => { throw new Error(`workspace-host exited:\n${log.join('')}`); })])
    .catch((error) => { sim.kill(); host.kill(); throw error; });
  const simControl = async (body) => {
    const response = await fetch(`${simUrl}/control`, { method: 'POST', body: JSON.stringify(body),
                                                        headers: { 'Content-Type': 'application/json' } });
    if (!response.ok) throw new Error(`wxcc-sim control ${JSON.stringify(body)}: HTTP ${response.status}`);
  };
  const stop = async () => {
    host.stdin.end();  // end of input: the host deactivates its plugins and exits
    await new Promise((resolve) => { host.once('exit', resolve); setTimeout(resolve, 10000); });
    host.kill('SIGKILL');
    sim.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  };
  return { folder, simUrl, pageUrl, hostLog: () => log.join(''), simControl, stop };
}
