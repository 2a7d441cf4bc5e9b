// The agent panel in a real browser: headless Chromium loads the page from the browser-bridge
// plugin of a real workspace-host, which drives the real webexcc-outbound plugin against wxcc-sim.
// Run by CTest (tests/CMakeLists.txt) with the binaries in the environment:
//   WORKSPACE_HOST, WXCC_SIM, PLUGIN_BUILD_DIR, SCREENSHOT (where to keep the finished call's picture)

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { after, before, test } from 'node:test';

import {
  accessibilityViolations, clickWhenEnabled, launchBrowser, placeWholeCall, textOf, waitForEvent, waitForText,
} from './panel_driver.mjs';
import { SIM_TOKEN, startWorkspace } from '../../tools/demo/workspace.mjs';

const binaries = { host: process.env.WORKSPACE_HOST, sim: process.env.WXCC_SIM, pluginDir: process.env.PLUGIN_BUILD_DIR };
const MARKUP = '<img src=x onerror="window.__markupRan=1"><b>bold</b>';

// A CRM page on its own origin that imports workspace-bridge.js from the bridge and asks StateSync.
function crmPage(bridgeUrl) {
  return `<!doctype html><title>CRM</title><script type="module">
    window.result = 'pending';
    const { WorkspaceBridge } = await import('${bridgeUrl}workspace-bridge.js').catch((e) => { window.result = 'import failed'; throw e; });
    const bridge = new WorkspaceBridge('${bridgeUrl.replace('http', 'ws')}bus');
    bridge.on('Webexcc', 'App', 'StateSync', (m) => { window.result = 'agent ' + m.message.agent.state; });
    bridge.onConnection((up) => { if (up) bridge.publish('Webexcc', 'App', 'StateSync'); else if (window.result === 'pending') window.result = 'refused'; });
    bridge.connect();
  </script>`;
}

// A page that opens the bridge's WebSocket directly (its origin cannot import the module: no CORS).
function rawSocketPage(bridgeUrl) {
  return `<!doctype html><title>Other site</title><script>
    window.result = 'pending';
    const socket = new WebSocket('${bridgeUrl.replace('http', 'ws')}bus');
    socket.onopen = () => { window.result = 'open'; };
    socket.onclose = () => { if (window.result === 'pending') window.result = 'refused'; };
  </script>`;
}

function serveCrm() {
  let body = '';
  const server = createServer((request, response) => response.end(request.url === '/blank' ? '<!doctype html><title>blank</title>' : body));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`, setBody: (text) => { body = text; }, close: () => server.close(),
  })));
}

let browser, workspace, allowedCrm, otherCrm;

before(async () => {
  allowedCrm = await serveCrm();
  otherCrm = await serveCrm();
  workspace = await startWorkspace({ binaries, allowedOrigins: [allowedCrm.origin] });
  allowedCrm.setBody(crmPage(workspace.pageUrl));
  otherCrm.setBody(rawSocketPage(workspace.pageUrl));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await workspace?.stop();
  allowedCrm?.close();
  otherCrm?.close();
});

test('a whole call from the agent panel: Ready, Call, every control, wrap-up, DROPPED', async () => {
  const page = await browser.newPage();
  await page.setViewport({ width: 760, height: 1100 });
  const frames = [];
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameReceived', ({ response }) => frames.push(response.payloadData));
  await page.goto(workspace.pageUrl);

  const events = await placeWholeCall(page, '15550001007', {
    // Webex refuses the first hold with a reason holding markup: the page shows it as text.
    onAnswered: async () => {
      await workspace.simControl({ fault: 'fail-task-action', action: 'hold', count: 1, withInteractionId: true, reason: MARKUP });
      await page.click('#hold');
      await waitForText(page, '#errors', MARKUP);
      assert.equal(await page.$$eval('#errors img, #errors b', (found) => found.length), 0, 'markup became elements');
      assert.equal(await page.evaluate(() => window.__markupRan), undefined, 'markup ran');
    },
  });
  assert.deepEqual(events, ['eAgentOfferContact', 'CustAnswered', 'eCallRecordingStarted', 'eAgentContactHeld',
                            'eAgentContactUnHeld', 'ePauseRecording', 'eResumeRecording', 'eAgentContactEnded', 'acw', 'DROPPED']);
  assert.match(await textOf(page, '#call-state'), /ended/);
  assert.match(await textOf(page, '#call-number'), /15550001007/);
  assert.deepEqual(await accessibilityViolations(page), [], 'axe-core on the panel after a call');
  if (process.env.SCREENSHOT) await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });

  assert.ok(frames.length > 10, `the page received ${frames.length} frames`);
  assert.ok(frames.every((frame) => !frame.includes(SIM_TOKEN)), 'a frame held the access token');
  await page.close();
});

test('a CRM page of an allowed origin imports workspace-bridge.js and talks to the bus', async () => {
  const page = await browser.newPage();
  await page.goto(allowedCrm.origin);
  await page.waitForFunction(() => window.result !== 'pending', { timeout: 15000 });
  assert.match(await page.evaluate(() => window.result), /^agent /);
  await page.close();
});

test('a page of an origin not in allowedOrigins is refused', async () => {
  const page = await browser.newPage();
  await page.goto(otherCrm.origin);
  await page.waitForFunction(() => window.result !== 'pending', { timeout: 15000 });
  assert.equal(await page.evaluate(() => window.result), 'refused');
  assert.match(workspace.hostLog(), /refused a page \(403\): origin not allowed/);
  await page.close();
});

// A loopback port nothing listens on.
function deadPort() {
  const server = createTcpServer();
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  }));
}

test('workspace-bridge.js: connect() is idempotent, close() cancels the waiting reconnect', async () => {
  const page = await browser.newPage();
  await page.goto(`${allowedCrm.origin}/blank`);
  const result = await page.evaluate(async (bridgeUrl, deadUrl) => {
    const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
    let created = 0;
    const Native = WebSocket;
    window.WebSocket = class extends Native { constructor(...args) { super(...args); created += 1; } };
    const { WorkspaceBridge } = await import(`${bridgeUrl}workspace-bridge.js`);

    const live = new WorkspaceBridge(`${bridgeUrl.replace('http', 'ws')}bus`);
    live.connect();
    live.connect();  // while connecting
    for (let i = 0; i < 200 && !live.connected; i += 1) await wait(25);
    const connected = live.connected;
    live.connect();  // while open
    const liveSockets = created;
    live.close();

    created = 0;
    const dead = new WorkspaceBridge(deadUrl);
    dead.connect();
    await wait(250);  // refused: the reconnect waits 0.5 s
    dead.close();
    await wait(1500);
    return { connected, liveSockets, deadSockets: created };
  }, workspace.pageUrl, `ws://127.0.0.1:${await deadPort()}/bus`);
  assert.deepEqual(result, { connected: true, liveSockets: 1, deadSockets: 1 });
  await page.close();
});

test('the panel drops a call that ended while it was disconnected, once StateSync no longer lists it', async () => {
  const panel = await browser.newPage();
  // The panel's sockets, and a switch that keeps it offline (each new socket closed at once).
  await panel.evaluateOnNewDocument(() => {
    const Native = WebSocket;
    window.offline = false;
    window.sockets = [];
    window.WebSocket = class extends Native {
      constructor(...args) {
        super(...args);
        window.sockets.push(this);
        if (window.offline) this.close();
      }
    };
  });
  await panel.goto(workspace.pageUrl);
  await waitForText(panel, '#connection', 'connected');
  await panel.waitForFunction(() => document.querySelector('#agent-state').textContent !== 'unknown');
  if (await textOf(panel, '#agent-state') !== 'Available') await clickWhenEnabled(panel, '#ready');
  await waitForText(panel, '#agent-state', 'Available');
  await panel.type('#number', '15550001007');
  await clickWhenEnabled(panel, '#call');
  await waitForEvent(panel, 'CustAnswered');

  await panel.evaluate(() => { window.offline = true; window.sockets.forEach((socket) => socket.close()); });
  await waitForText(panel, '#connection', 'disconnected');
  const other = await browser.newPage();  // another page ends the call meanwhile
  await other.goto(workspace.pageUrl);
  await clickWhenEnabled(other, '#end');
  await waitForEvent(other, 'acw');
  await clickWhenEnabled(other, '#wrapup');
  await waitForEvent(other, 'DROPPED');
  await other.close();

  assert.equal(await panel.$eval('#call-card', (card) => card.hidden), false, 'the missed call is still shown offline');
  await panel.evaluate(() => { window.offline = false; });
  await waitForText(panel, '#connection', 'connected', 20000);
  await panel.waitForSelector('#call-card', { hidden: true, timeout: 15000 });
  assert.deepEqual(await panel.$$eval('.controls button, #wrapup', (buttons) => buttons.map((b) => b.disabled)),
                   [true, true, true, true, true, true]);
  await panel.close();
});
