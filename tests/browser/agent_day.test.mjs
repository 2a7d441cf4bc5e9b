// The agent's day on the panel (issue 20), in headless Chromium against the real browser-bridge and
// webexcc-outbound plugins and wxcc-sim (nothing faked): signing in to a station from the profile,
// idle codes and wrap-up codes by name, a caller ID, signing out, and a preview contact accepted.
// axe-core checks each new screen. The session taken over and the auto wrap-up countdown are in
// agent_session.test.mjs. Run by CTest beside agent_panel.test.mjs, with the same environment.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  accessibilityViolations, clickWhenEnabled, launchBrowser, selectByLabel, textOf, waitForEvent, waitForText,
} from './panel_driver.mjs';
import { startWorkspace } from '../../tools/demo/workspace.mjs';

const binaries = { host: process.env.WORKSPACE_HOST, sim: process.env.WXCC_SIM, pluginDir: process.env.PLUGIN_BUILD_DIR };
const DIAL_NUMBER = '14085550123';  // the sim's profile's "US" dial plan

const simStatus = (workspace) => workspace.simControl({ status: true });

async function assertAccessible(page, screen) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core on ${screen}`);
}

const visible = (page, selector) => page.waitForSelector(selector, { visible: true, timeout: 15000 });
const wrapUpsSent = async (workspace) => (await simStatus(workspace)).taskActions.filter((a) => a.path.endsWith('/wrapup'));

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function signIn(page, workspace) {
  await visible(page, '#sign-in-card');
  await page.waitForSelector('#team option');  // the profile's teams
  await assertAccessible(page, 'the sign-in screen');
  await selectByLabel(page, '#login-option', 'Dial number');
  await page.type('#dial-number', '12345');  // no dial plan of the profile allows it: refused on the page
  await clickWhenEnabled(page, '#sign-in-button');
  await waitForText(page, '#sign-in-error', 'dial plans');
  assert.equal(await page.$eval('#dial-number', (input) => input.getAttribute('aria-invalid')), 'true');
  assert.equal((await simStatus(workspace)).station.loggedIn, false, 'a refused number reached Webex');

  await workspace.simControl({ fault: 'fail-station-login', reason: 'DUPLICATE_LOCATION' });
  await page.$eval('#dial-number', (input) => { input.value = ''; });
  await page.type('#dial-number', DIAL_NUMBER);
  const team = await page.$eval('#team', (select) => select.options[select.options.length - 1].textContent);
  await selectByLabel(page, '#team', team);
  await page.click('#sign-in-button');
  await waitForText(page, '#sign-in-error', 'DUPLICATE_LOCATION');
  assert.match(await textOf(page, '#sign-in-error'), /STATION_LOGIN_FAILED/);

  await page.click('#sign-in-button');  // the fault was for one login
  await page.waitForSelector('#sign-in-card', { hidden: true, timeout: 15000 });
  await waitForText(page, '#station', team);
  const { station } = await simStatus(workspace);
  assert.equal(station.loggedIn, true);
  assert.equal(station.dialNumber, DIAL_NUMBER);
  assert.equal(station.deviceType, 'AGENT_DN');
  return team;
}

test('the day from the panel: sign in, an idle code by name, a call with a caller ID, wrap-up by name, sign out', async () => {
  const workspace = await startWorkspace({ binaries, profile: true, simArgs: ['--no-station'] });
  const page = await browser.newPage();
  try {
    await page.setViewport({ width: 760, height: 1300 });
    await page.goto(workspace.pageUrl);
    await signIn(page, workspace);

    await clickWhenEnabled(page, '#ready');
    await waitForText(page, '#agent-state', 'Available');
    await selectByLabel(page, '#idle-code', 'Lunch');
    await clickWhenEnabled(page, '#not-ready');
    await waitForText(page, '#agent-idle-code', 'Lunch');
    await clickWhenEnabled(page, '#ready');
    await waitForText(page, '#agent-state', 'Available');
    await assertAccessible(page, 'the signed-in agent');

    await selectByLabel(page, '#caller-id', 'Sales line (+18005550111)');
    await page.type('#number', '15550001007');
    await clickWhenEnabled(page, '#call');
    await waitForEvent(page, 'CustAnswered');
    assert.equal(await textOf(page, '#call-ani'), '+18005550111');
    await clickWhenEnabled(page, '#end');
    await waitForEvent(page, 'acw');
    await selectByLabel(page, '#wrapup-code', 'No sale');
    await assertAccessible(page, 'a call in wrap-up');
    await clickWhenEnabled(page, '#wrapup');
    await waitForEvent(page, 'DROPPED');
    const [wrapUp] = await wrapUpsSent(workspace);
    assert.equal(wrapUp.body.wrapUpReason, 'No sale');  // Webex gets the name, the code's id beside it
    assert.equal(wrapUp.body.auxCodeId, '9a8b7c6d-2e3f-4a5b-8c7d-6e5f4a3b2c22');

    await clickWhenEnabled(page, '#sign-out');
    await visible(page, '#sign-in-card');
    await waitForText(page, '#agent-state', 'Signed out');
    assert.equal((await simStatus(workspace)).station.loggedIn, false);
  } finally {
    await page.close();
    await workspace.stop();
  }
});

test('a preview contact: the card, and Accept places the call', async () => {
  const workspace = await startWorkspace({ binaries, profile: true });
  const page = await browser.newPage();
  try {
    await page.goto(workspace.pageUrl);
    await waitForText(page, '#connection', 'connected');
    await clickWhenEnabled(page, '#ready');
    await waitForText(page, '#agent-state', 'Available');
    await workspace.simControl({ offerCall: { kind: 'preview', number: '+14155550123' } });
    await visible(page, '#preview-card');
    await waitForText(page, '#preview-number', '+14155550123');
    assert.equal(await page.$eval('#call-card', (card) => card.hidden), true, 'nothing is dialled before the accept');
    await assertAccessible(page, 'the preview card');
    await clickWhenEnabled(page, '#accept-preview');
    await page.waitForSelector('#preview-card', { hidden: true, timeout: 15000 });
    await visible(page, '#call-card');
    await waitForEvent(page, 'CustAnswered');
  } finally {
    await page.close();
    await workspace.stop();
  }
});
