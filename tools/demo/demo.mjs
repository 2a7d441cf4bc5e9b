// `./run demo`'s driver: parses its options, then runs a call from the bus (call_demo.mjs), a
// consult, conference and transfer (consult_demo.mjs, --scenario consult|transfer), the agent's day
// with station login (login_demo.mjs, --scenario login) or the agent panel page (browser_demo.mjs)
// against the build in build/; --windows plays the call demos with the Windows build (build-windows:
// workspace-host.exe, the plugin DLL and wxcc-sim.exe) under Wine.
//   node tools/demo/demo.mjs [--check] [--windows] [--json] [--scenario NAME] [--number N] | --browser [--screenshot FILE]
// --check only validates the options and prints which demo they ask for (call, windows or browser),
// so that ./run builds what that demo needs.

import { constants } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AGENT_ENDS_NUMBER, SCENARIOS, runCallDemo } from './call_demo.mjs';
import { CONSULT_SCENARIOS } from './consult_demo.mjs';

// login: the agent's day (login_demo.mjs); consult and transfer: consult_demo.mjs; the others one call
const DEMOS = [...SCENARIOS, ...CONSULT_SCENARIOS, 'login'];
const USAGE = `usage: ./run demo [--windows] [--json] [--scenario ${DEMOS.join('|')}] [--number N] | --browser [--screenshot FILE]`;

function usageError(message) {
  console.error(message ?? USAGE);
  process.exit(2);
}

function readOptions(args) {
  let parsed;
  try {
    parsed = parseArgs({ args, strict: true, options: {
      check: { type: 'boolean' }, json: { type: 'boolean' }, browser: { type: 'boolean' }, windows: { type: 'boolean' },
      scenario: { type: 'string', default: 'agent-ends' }, number: { type: 'string', default: AGENT_ENDS_NUMBER },
      screenshot: { type: 'string' },
    } }).values;
  } catch {
    usageError();
  }
  if (parsed.screenshot !== undefined && !parsed.browser) usageError('demo: --screenshot goes with --browser');
  if (parsed.windows && parsed.browser) usageError('demo: --windows plays the call demos, not --browser');
  if (!DEMOS.includes(parsed.scenario)) usageError(`demo: unknown scenario ${parsed.scenario} (one of: ${DEMOS.join(' ')})`);
  return parsed;
}

const options = readOptions(process.argv.slice(2));
if (options.check) {
  console.log(options.browser ? 'browser' : options.windows ? 'windows' : 'call');
  process.exit(0);
}

function buildBinaries() {
  const build = fileURLToPath(new URL('../../build/', import.meta.url));
  return { host: join(build, 'sdk/workspace-host'), sim: join(build, 'test-servers/wxcc-sim/wxcc-sim'), pluginDir: join(build, 'plugin') };
}

// The Windows build's programs under Wine, in the Wine prefix of ./run test's Windows phase.
function windowsBinaries() {
  const build = fileURLToPath(new URL('../../build-windows/', import.meta.url));
  return {
    host: join(build, 'sdk/workspace-host.exe'), sim: join(build, 'test-servers/wxcc-sim/wxcc-sim.exe'),
    pluginDir: join(build, 'plugin'), wine: process.env.WORKSPACE_WINE64 ?? '/usr/lib/wine/wine64',
    winePrefix: join(build, 'wine-prefix'),
  };
}

const binaries = options.windows ? windowsBinaries() : buildBinaries();
// The call and login demos end on Ctrl-C through process.exit, whose exit handler (workspace.mjs)
// kills the host and the simulator and removes the run's folder; a signal's default would skip it.
// The browser demo stops its workspace on those signals itself.
if (!options.browser) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(128 + constants.signals[signal]));
}
if (options.browser) {
  const { runBrowserDemo } = await import('./browser_demo.mjs');
  await runBrowserDemo({ binaries, screenshot: options.screenshot && resolve(options.screenshot) });
} else if (CONSULT_SCENARIOS.includes(options.scenario)) {
  const { runConsultDemo } = await import('./consult_demo.mjs');
  const ended = await runConsultDemo({ binaries, scenario: options.scenario, json: options.json })
    .catch((error) => { console.error(`demo: ${error.message}`); return false; });
  process.exit(ended ? 0 : 1);
} else if (options.scenario === 'login') {
  const { runLoginDemo } = await import('./login_demo.mjs');
  process.exit(await runLoginDemo({ binaries }) ? 0 : 1);
} else {
  const ended = await runCallDemo({ binaries, scenario: options.scenario, number: options.number, json: options.json })
    .catch((error) => { console.error(`demo: ${error.message}`); return false; });
  process.exit(ended ? 0 : 1);
}
