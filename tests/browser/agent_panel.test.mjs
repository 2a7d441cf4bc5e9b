// The agent panel in a real browser: headless Chromium loads the page from the browser-bridge
// plugin of a real workspace-host, which drives the real webexcc-outbound plugin against wxcc-sim.
// Run by CTest (tests/CMakeLists.txt) with the binaries in the environment:
//   WORKSPACE_HOST, WXCC_SIM, PLUGIN_BUILD_DIR, SCREENSHOT (where to keep the finished call's picture)

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, test } from 'node:test';

import { launchBrowser, placeWholeCall, textOf, waitForText } from './panel_driver.mjs';
import { SIM_TOKEN, startWorkspace } from './workspace.mjs';

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
  const server = createServer((request, response) => response.end(body));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${server.address().port}`, setBody: (text) => { body = text; }, close: () => server.close(),
  })));
}

let browser, workspace, allowedCrm, otherCrm;

before(async () => {
  allowedCrm = await serveCrm();
  otherCrm = await serveCrm();
  workspace = await startWorkspace({ binaries, allowedOrigins: [allowedCrm.origin] });
  await workspace.simControl({ autoWrapUp: false });  // the agent wraps up from the page
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
