// The agent's session beside other clients and the plugin's auto wrap-up, on the panel in headless
// Chromium against the real browser-bridge and webexcc-outbound plugins and wxcc-sim (issue 20):
// another client taking the session (the banner, no fight for it, a refused take-back, Take over
// taking it back), and the profile's auto wrap-up (the countdown, Cancel keeping the call in wrap-up,
// the countdown running out and the plugin wrapping up with the default code). axe-core checks each
// new screen.
// Run by CTest beside agent_panel.test.mjs, with the same environment.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  accessibilityViolations, clickWhenEnabled, launchBrowser, selectByLabel, textOf, waitForEvent, waitForText,
} from './panel_driver.mjs';
import { SIM_TOKEN, startWorkspace } from '../../tools/demo/workspace.mjs';

const binaries = { host: process.env.WORKSPACE_HOST, sim: process.env.WXCC_SIM, pluginDir: process.env.PLUGIN_BUILD_DIR };
// Long enough for axe-core and the Cancel click before it runs out, on a loaded machine too.
const AUTO_WRAP_SECONDS = 6;
const CUSTOMER_ENDS_NUMBER = '15550002000';  // no rule of the sim's: "answered", the customer hangs up
const SALE = { name: 'Sale', id: '9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c21' };  // the sim profile's default wrap-up code

const simStatus = (workspace) => workspace.simControl({ status: true });
const wrapUpsSent = async (workspace) => (await simStatus(workspace)).taskActions.filter((a) => a.path.endsWith('/wrapup'));
const subscriptions = async (workspace) => (await simStatus(workspace)).requests['POST /v1/notification/subscribe'] ?? 0;
const visible = (page, selector) => page.waitForSelector(selector, { visible: true, timeout: 15000 });
const hidden = (page, selector) => page.waitForSelector(selector, { hidden: true, timeout: 15000 });

async function assertAccessible(page, screen) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core on ${screen}`);
}

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Opens the WebSocket at `url` (the HTTP upgrade over TLS, Node's own modules; `agent` trusts the
// simulator's CA); resolves with the socket.
function openWebSocket(url, agent) {
  return new Promise((resolve, reject) => {
    const request = https.request({
      host: url.hostname, port: url.port, path: url.pathname, agent, timeout: 10000,
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
                 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), Authorization: `Bearer ${SIM_TOKEN}` },
    });
    request.on('upgrade', (_response, socket) => { socket.on('error', () => {}); socket.resume(); resolve(socket); });
    request.on('response', (answer) => reject(new Error(`the second client's upgrade: HTTP ${answer.statusCode}`)));
    request.on('timeout', () => request.destroy(new Error('the second client\'s upgrade timed out')));
    request.on('error', reject);
    request.end();
  });
}

// Another client of the same agent (the Agent Desktop, another tab) subscribing with the plugin's
// bearer token, as the SDK does: a POST for the socket's URL, then the WebSocket (wss, as Webex's).
// The simulator's newest socket wins; the plugin's is told AGENT_MULTI_LOGIN and closed. destroy()
// it when done.
async function secondClient(workspace) {
  const response = await workspace.simRequest('/v1/notification/subscribe', {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${SIM_TOKEN}` },
    body: JSON.stringify({ force: true, isKeepAliveEnabled: false, clientType: 'WebexCCSDK', allowMultiLogin: true }),
  });
  assert.equal(response.status, 200, 'the second client\'s subscribe');
  const webSocketUrl = new URL(JSON.parse(response.body).webSocketUrl);
  assert.equal(webSocketUrl.protocol, 'wss:', 'the simulator hands out a TLS WebSocket, as Webex does');
  return openWebSocket(webSocketUrl, workspace.simAgent);
}

// Ready unless the agent is Available already (as after a wrap-up).
async function agentAvailable(page) {
  await waitForText(page, '#connection', 'connected');
  await page.waitForFunction(() => document.querySelector('#agent-state').textContent !== 'unknown', { timeout: 15000 });
  if (await textOf(page, '#agent-state') !== 'Available') await clickWhenEnabled(page, '#ready');
  await waitForText(page, '#agent-state', 'Available');
}

test('the session taken over: the banner, no fight for the session, a refused take-back, Take over takes it back', async () => {
  const workspace = await startWorkspace({ binaries, profile: true });
  const page = await browser.newPage();
  let other;
  try {
    await page.goto(workspace.pageUrl);
    await agentAvailable(page);
    assert.equal(await subscriptions(workspace), 1);
    assert.equal(await page.$eval('#takeover-banner', (banner) => banner.hidden), true);

    other = await secondClient(workspace);
    await visible(page, '#takeover-banner');
    assert.equal(await page.$eval('#takeover-banner', (banner) => banner.getAttribute('role')), 'alert');
    assert.equal(await textOf(page, '#take-over'), 'Take over');
    await assertAccessible(page, 'the session taken over');
    assert.deepEqual(await page.$$eval('#ready, #not-ready, #sign-out, #call', (buttons) => buttons.map((b) => b.disabled)),
                     [true, true, true, true], 'the other client holds the session: only Take over is offered');
    await sleep(3000);  // longer than the plugin's first reconnect delay: it must not fight for the session
    assert.equal(await subscriptions(workspace), 2, 'the plugin subscribed again by itself');
    assert.equal(await page.$eval('#takeover-banner', (banner) => banner.hidden), false);

    // Webex refuses the first take-back (the plugin answers SESSION_FAILED): the panel shows why, the banner stays.
    await workspace.simControl({ fault: 'rest-status', status: 403, count: 1, path: '/v1/notification/subscribe' });
    await clickWhenEnabled(page, '#take-over');
    await waitForText(page, '#errors', 'HTTP 403');
    assert.equal(await subscriptions(workspace), 3);
    assert.equal(await page.$eval('#takeover-banner', (banner) => banner.hidden), false);
    assert.equal((await simStatus(workspace)).socketOpen, true, 'the other client\'s socket');

    await clickWhenEnabled(page, '#take-over');  // TakeOverSession: the plugin subscribes again
    await hidden(page, '#takeover-banner');
    await waitForText(page, '#announcer', 'back on this panel');
    assert.equal(await subscriptions(workspace), 4);
    assert.equal((await simStatus(workspace)).socketOpen, true);
    await waitForText(page, '#agent-state', 'Available');  // the state, as the new session reports it
    await clickWhenEnabled(page, '#not-ready');  // and Webex takes the panel's requests again
    await page.waitForFunction(() => document.querySelector('#agent-state').textContent !== 'Available', { timeout: 15000 });
    assert.notEqual((await simStatus(workspace)).agentState, 'Available');
  } finally {
    other?.destroy();
    await page.close();
    await workspace.stop();
  }
});

// A call the customer ends, up to its wrap-up with the countdown shown.
async function customerEndedCall(page) {
  await agentAvailable(page);
  await page.type('#number', CUSTOMER_ENDS_NUMBER);
  await clickWhenEnabled(page, '#call');
  await waitForEvent(page, 'eAgentContactEnded');
  await waitForEvent(page, 'acw');
  await visible(page, '#auto-wrapup');
}

// A panel whose profile has the auto wrap-up, as the plugin reads it when it starts; the simulator
// itself wraps up nothing (as Webex).
async function withAutoWrapUp(allowCancelAutoWrapUp, body) {
  const workspace = await startWorkspace({
    binaries, profile: true,
    simSettings: { profile: { autoWrapUp: true, autoWrapAfterSeconds: AUTO_WRAP_SECONDS, allowCancelAutoWrapUp } },
  });
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 760, height: 1300 });
    await page.goto(workspace.pageUrl);
    await body(page, workspace);
  } finally {
    await page.close();
    await workspace.stop();
  }
}

test('auto wrap-up cancelled: the countdown, Cancel keeps the call in wrap-up past it, the agent wraps up by name', async () => {
  await withAutoWrapUp(true, async (page, workspace) => {
    await customerEndedCall(page);
    await waitForText(page, '#auto-wrapup-code', SALE.name);
    await waitForText(page, '#announcer', 'wrapped up automatically');
    assert.match(await textOf(page, '#auto-wrapup-left'), /^0:0[0-6]$/);
    assert.equal(await page.$eval('#auto-wrapup-left', (timer) => timer.getAttribute('role')), 'timer');
    await assertAccessible(page, 'the auto wrap-up countdown');
    await clickWhenEnabled(page, '#cancel-auto-wrapup');  // CancelAutoWrapUp
    await waitForEvent(page, 'eAutoWrapUpCancelled');
    await hidden(page, '#auto-wrapup');
    await waitForText(page, '#announcer', 'Auto wrap-up cancelled');
    await sleep(AUTO_WRAP_SECONDS * 1000 + 1000);  // past the deadline: nothing wrapped it up
    assert.deepEqual(await wrapUpsSent(workspace), []);
    assert.equal(await page.$eval('#wrapup', (button) => button.disabled), false, 'the call is still in wrap-up');
    assert.equal(await page.$eval('#auto-wrapup', (countdown) => countdown.hidden), true);
    await assertAccessible(page, 'the auto wrap-up cancelled');
    await selectByLabel(page, '#wrapup-code', 'No sale');
    await clickWhenEnabled(page, '#wrapup');
    await waitForEvent(page, 'DROPPED');
    const wrapUps = await wrapUpsSent(workspace);
    assert.equal(wrapUps.length, 1);
    assert.equal(wrapUps[0].body.wrapUpReason, 'No sale');
  });
});

test('auto wrap-up run out: no Cancel when the profile forbids it, the plugin wraps up with the default code', async () => {
  await withAutoWrapUp(false, async (page, workspace) => {
    await customerEndedCall(page);
    await waitForText(page, '#auto-wrapup-code', SALE.name);
    assert.equal(await page.$eval('#cancel-auto-wrapup', (button) => button.hidden), true);
    await waitForEvent(page, 'DROPPED', AUTO_WRAP_SECONDS * 1000 + 15000);
    await hidden(page, '#auto-wrapup');
    const wrapUps = await wrapUpsSent(workspace);
    assert.equal(wrapUps.length, 1, 'one wrap-up');
    assert.deepEqual({ name: wrapUps[0].body.wrapUpReason, id: wrapUps[0].body.auxCodeId }, SALE);  // the default code
  });
});
