// The agent panel for several calls, from the keyboard alone (issue 21), in headless Chromium against
// the real browser-bridge and webexcc-outbound plugins and wxcc-sim: two calls listed and switched,
// the shortcuts and live regions, the consult / transfer dialog (its tabs, Escape, the focus given
// back), a consult to an agent turned into a conference and left, a blind transfer and a consult
// transfer, a consult offered to this agent and accepted, each call and leg ending in its one DROPPED. Nothing is clicked: page.keyboard only.
// axe-core checks every screen visited. Run by CTest beside agent_panel.test.mjs, with the same
// environment; CONSULT_SCREENSHOT (default: beside SCREENSHOT) keeps the picture of a consult.

import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';

import { accessibilityViolations, launchBrowser, textOf, timeline, waitForEvent, waitForText } from './panel_driver.mjs';
import { startWorkspace } from '../../tools/demo/workspace.mjs';

const binaries = { host: process.env.WORKSPACE_HOST, sim: process.env.WXCC_SIM, pluginDir: process.env.PLUGIN_BUILD_DIR };
const CONSULT_PICTURE = process.env.CONSULT_SCREENSHOT
  ?? (process.env.SCREENSHOT ? join(dirname(process.env.SCREENSHOT), 'agent-consult.png') : undefined);
const CUSTOMER = '15550001007';  // the simulator's agent-ends: answered, up until the agent ends it
const CALLER = '+14155550123';

let browser, workspace, page;

before(async () => {
  workspace = await startWorkspace({ binaries, profile: true });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setViewport({ width: 760, height: 1300 });
  await page.goto(workspace.pageUrl);
  await waitForText(page, '#connection', 'connected');
  await page.waitForFunction(() => document.querySelector('#agent-state').textContent !== 'unknown', { timeout: 15000 });
});

after(async () => {
  await browser?.close();
  await workspace?.stop();
});

async function assertAccessible(screen) {
  assert.deepEqual(await accessibilityViolations(page), [], `axe-core on ${screen}`);
}

async function shortcut(letter) {
  await page.keyboard.down('Alt');
  await page.keyboard.down('Shift');
  await page.keyboard.press(`Key${letter}`);
  await page.keyboard.up('Shift');
  await page.keyboard.up('Alt');
}

const focusedIs = (selector) => page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);

// Tab (Shift+Tab with back) until `selector` has the focus: the control is reachable without a mouse.
async function tabTo(selector, { back = false } = {}) {
  await page.waitForSelector(`${selector}:not([disabled])`, { visible: true, timeout: 15000 });
  for (let presses = 0; presses < 80; presses += 1) {
    if (await focusedIs(selector)) return;
    if (back) await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    if (back) await page.keyboard.up('Shift');
  }
  assert.fail(`${selector} is not reachable with Tab`);
}

async function press(selector) {
  await tabTo(selector);
  await page.keyboard.press('Enter');
}

// The calls listed: [{id, label, selected}].
const listed = () => page.$$eval('#call-list [role="option"]', (options) => options.map((option) => ({
  id: option.dataset.callId, label: option.textContent, selected: option.getAttribute('aria-selected') === 'true' })));

async function waitForListed(count) {
  await page.waitForFunction((n) => document.querySelectorAll('#call-list [role="option"]').length === n, { timeout: 15000 }, count);
}

// Chooses the listed call whose id is `id` with the arrow keys (the list has the focus after Alt+Shift+L).
async function chooseCall(id) {
  await shortcut('L');
  assert.ok(await focusedIs('#call-list'), 'Alt+Shift+L focuses the list of calls');
  await page.keyboard.press('Home');
  for (let step = 0; step < 10 && !(await listed()).find((call) => call.id === id)?.selected; step += 1) {
    await page.keyboard.press('ArrowDown');
  }
  assert.ok((await listed()).find((call) => call.id === id)?.selected, `${id} chosen among ${JSON.stringify(await listed())}`);
}

async function agentAvailable() {
  if (await textOf(page, '#agent-state') !== 'Available') await press('#ready');
  await waitForText(page, '#agent-state', 'Available');
}

// An outdial from the keyboard (Alt+Shift+C, the number, Enter), answered; returns its id.
async function callCustomer() {
  await agentAvailable();
  await page.waitForSelector('#call:not([disabled])', { timeout: 15000 });
  await shortcut('C');
  assert.ok(await focusedIs('#number'), 'Alt+Shift+C focuses the number');
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');  // the last call's number, replaced
  await page.keyboard.up('Control');
  await page.keyboard.type(CUSTOMER);
  const before = (await listed()).map((call) => call.id);
  await page.keyboard.press('Enter');
  await page.waitForFunction((ids) => [...document.querySelectorAll('#call-list [aria-selected="true"]')]
    .some((option) => !ids.includes(option.dataset.callId)), { timeout: 15000 }, before);
  await waitForEvent(page, 'CustAnswered');
  return (await listed()).find((call) => call.selected).id;
}

// Wraps up the selected call with Alt+Shift+W once in wrap-up: its one DROPPED.
async function wrapUp() {
  await waitForEvent(page, 'acw');
  await page.waitForSelector('#wrapup:not([disabled])', { timeout: 15000 });
  await shortcut('W');
  await waitForEvent(page, 'DROPPED');
}

const dropsOf = async (id) => { await chooseCall(id); return (await timeline(page)).filter((e) => e === 'DROPPED').length; };

test('two calls at once: listed, switched from the keyboard, each with its card, timeline and controls', async () => {
  const outdial = await callCustomer();
  await workspace.simControl({ offerCall: { kind: 'inbound', number: CALLER, scenario: 'agent-ends' } });
  await waitForListed(2);
  const [first, second] = await listed();
  assert.deepEqual([first.id, first.selected, second.selected], [outdial, true, false], 'the live call stays shown');
  assert.match(second.label, new RegExp(CALLER.replace('+', '\\+')));
  await waitForText(page, '#announcer', 'inbound');
  await assertAccessible('the list with two calls');

  await chooseCall(second.id);
  await waitForText(page, '#call-number', CALLER);
  await page.waitForFunction(() => document.querySelector('#call-list').getAttribute('aria-activedescendant') === 'call-option-1');
  await waitForEvent(page, 'eAgentContactAssigned');  // an inbound call's names: the Incoming Call page's
  await page.keyboard.press('ArrowUp');
  await waitForText(page, '#call-number', CUSTOMER);
  assert.ok((await timeline(page)).includes('CustAnswered'), 'the outdial\'s own timeline');

  await shortcut('H');
  await waitForEvent(page, 'eAgentContactHeld');
  await waitForText(page, '#announcer', 'on hold');
  await shortcut('H');
  await waitForEvent(page, 'eAgentContactUnHeld');
  await shortcut('W');  // not in wrap-up: said, nothing sent
  await waitForText(page, '#announcer', 'Wrap up: not available now');

  await shortcut('E');
  await wrapUp();
  await chooseCall(second.id);
  await shortcut('E');
  await wrapUp();
  assert.deepEqual([await dropsOf(outdial), await dropsOf(second.id)], [1, 1]);
});

// Opens the dialog with Alt+Shift+T and waits for the buddy list.
async function openDialog() {
  await page.waitForSelector('#open-consult', { visible: true, timeout: 15000 });
  await shortcut('T');
  await page.waitForSelector('#consult-dialog[open]', { timeout: 5000 });
  assert.ok(await focusedIs('#tab-agents'), 'the dialog opens on its Agents tab');
  await waitForText(page, '#agent-choices', 'Alex Rivera');
}

// In the open dialog on the Agents tab: checks `name` (Tab into the group, arrows to it, Space).
async function chooseAgent(name) {
  await page.keyboard.press('Tab');
  for (let step = 0; step < 5; step += 1) {
    if (await page.evaluate((n) => document.activeElement.labels?.[0]?.textContent.startsWith(n), name)) break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  assert.ok(await page.evaluate((n) => document.querySelector('#agent-choices input:checked')?.labels[0].textContent.startsWith(n), name));
}

test('the consult / transfer dialog: its tabs from the keyboard, the lists, Escape giving the focus back', async () => {
  const id = await callCustomer();
  await shortcut('L');
  await openDialog();
  const agents = await textOf(page, '#agent-choices');
  assert.match(agents, /Alex Rivera — Available/);
  assert.match(agents, /Jo Park — Idle, not available/);
  assert.equal(await page.$$eval('#agent-choices input:disabled', (inputs) => inputs.length), 1, 'the Idle agent cannot be chosen');
  await assertAccessible('the dialog, Agents');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Tab');
  await page.keyboard.up('Shift');
  assert.ok(await focusedIs('#close-consult'), 'Shift+Tab from the first control goes round to the last');
  await page.keyboard.press('Tab');
  assert.ok(await focusedIs('#tab-agents'), 'Tab from the last control goes round to the first');
  await page.keyboard.press('ArrowRight');
  assert.ok(await focusedIs('#tab-queues'));
  await waitForText(page, '#queue-choices', 'Support');
  await assertAccessible('the dialog, Queues');
  await tabTo('#queue-search');
  await page.keyboard.type('outdial');
  await page.waitForFunction(() => !document.querySelector('#queue-choices').textContent.includes('Support'), { timeout: 15000 });
  await tabTo('#tab-queues', { back: true });
  await page.keyboard.press('ArrowRight');
  await assertAccessible('the dialog, Dial number');
  await page.keyboard.press('ArrowRight');
  await waitForText(page, '#entry-choices', 'Support line');
  assert.equal(await page.$eval('#do-transfer', (button) => button.disabled), true, 'no transfer to an entry point');
  await assertAccessible('the dialog, Entry point');
  await page.keyboard.press('Home');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#consult-dialog:not([open])', { timeout: 5000 });
  assert.ok(await focusedIs('#call-list'), 'Escape gives the focus back to where it was');
  await shortcut('E');
  await wrapUp();
  assert.equal(await dropsOf(id), 1);
});

test('a consult to an agent, a conference, and leaving it: each id ends in one DROPPED', async () => {
  const id = await callCustomer();
  await openDialog();
  await chooseAgent('Alex Rivera');
  await press('#do-consult');
  await waitForListed(2);
  const leg = (await listed())[1];
  assert.equal(leg.id, `${id}-consult-1`);
  assert.match(leg.label, /Consult with Alex Rivera/);
  await page.waitForSelector('#conference', { visible: true, timeout: 15000 });
  await chooseCall(leg.id);
  await waitForEvent(page, 'eAgentConsulting');
  await assertAccessible('a consult answered');
  if (CONSULT_PICTURE) await page.screenshot({ path: CONSULT_PICTURE, fullPage: true });
  await press('#conference');
  await waitForEvent(page, 'DROPPED');  // the leg, merged into the conference
  await chooseCall(id);
  await waitForEvent(page, 'eAgentConsultConferenced');
  await page.waitForSelector('#exit-conference', { visible: true, timeout: 15000 });
  await assertAccessible('a conference');
  await press('#exit-conference');
  await wrapUp();
  assert.deepEqual([await dropsOf(id), await dropsOf(leg.id)], [1, 1]);
});

test('a blind transfer to an agent (Webex refusing it once, said at once): the call is over for this agent after wrap-up', async () => {
  const id = await callCustomer();
  await workspace.simControl({ fault: 'fail-task-action', action: 'transfer', count: 1, withInteractionId: true, reason: 'AGENT_BUSY' });
  await openDialog();
  await chooseAgent('Sam Chen');
  await press('#do-transfer');
  await waitForText(page, '#errors', 'AGENT_BUSY');
  assert.equal(await page.$eval('#errors', (list) => list.getAttribute('aria-live')), 'assertive');
  await openDialog();  // the call is still this agent's: the dialog is offered again
  await chooseAgent('Sam Chen');
  await press('#do-transfer');
  await waitForEvent(page, 'eAgentblindTransferred');
  await wrapUp();
  assert.equal(await dropsOf(id), 1);
});

test('a consult transfer: the consulted agent gets the call, the leg and the call each end in one DROPPED', async () => {
  const id = await callCustomer();
  await openDialog();
  await chooseAgent('Alex Rivera');
  await press('#do-consult');
  await waitForListed(2);
  await waitForText(page, '#call-list', 'consulting');
  await press('#consult-transfer');
  await waitForEvent(page, 'eConsultTransfer');
  await wrapUp();
  assert.deepEqual([await dropsOf(id), await dropsOf(`${id}-consult-1`)], [1, 1]);
});

test('a consult offered to this agent: joined, then left with End consult; the call ends here in one DROPPED', async () => {
  const before = (await listed()).map((call) => call.id);
  await workspace.simControl({ offerCall: { kind: 'consult', number: CALLER } });
  await page.waitForFunction((ids) => [...document.querySelectorAll('#call-list [aria-selected="true"]')]
    .some((option) => !ids.includes(option.dataset.callId)), { timeout: 15000 }, before);
  await waitForEvent(page, 'eAgentOfferConsult');
  await waitForEvent(page, 'eAgentConsulting');  // the simulator's other agent puts this one through at once
  const id = (await listed()).find((call) => call.selected).id;
  assert.equal(await page.$eval('#open-consult', (button) => button.hidden), true, 'no consult from a consult joined');
  await assertAccessible('a consult joined');
  await press('#end-consult');
  await waitForEvent(page, 'DROPPED');
  assert.equal(await dropsOf(id), 1);
});

test('a consult offered and held ringing: Accept consult from the keyboard answers it, End consult leaves it', async () => {
  const before = (await listed()).map((call) => call.id);
  await workspace.simControl({ offerCall: { kind: 'consult', number: CALLER, accept: 'wait' } });
  await page.waitForFunction((ids) => [...document.querySelectorAll('#call-list [aria-selected="true"]')]
    .some((option) => !ids.includes(option.dataset.callId)), { timeout: 15000 }, before);
  await waitForEvent(page, 'eAgentOfferConsult');
  const id = (await listed()).find((call) => call.selected).id;
  assert.equal(await page.$eval('#end-consult', (button) => button.hidden), true, 'nothing to leave before it is accepted');
  await assertAccessible('a consult offered, ringing');
  await press('#accept-consult');
  await waitForEvent(page, 'eAgentConsulting');  // Webex's answer to .../consult/accept
  await page.waitForSelector('#accept-consult', { hidden: true, timeout: 15000 });
  await page.waitForSelector('#end-consult:not([hidden])', { timeout: 15000 });
  await assertAccessible('a consult accepted');
  await press('#end-consult');
  await waitForEvent(page, 'DROPPED');
  assert.equal(await dropsOf(id), 1);
  assert.deepEqual(await timeline(page), ['eAgentOfferConsult', 'eAgentConsulting', 'eAgentConsultEnded', 'DROPPED']);
});

test('a consult to a queue no agent takes: End consult is offered from the ask on, and cancels it', async () => {
  const id = await callCustomer();
  await workspace.simControl({ nextConsult: 'wait' });  // no agent of the queue takes it
  await openDialog();
  await page.keyboard.press('ArrowRight');
  await waitForText(page, '#queue-choices', 'Support');
  await tabTo('#queue-choices input');
  for (let step = 0; step < 3 && !(await page.evaluate(() => document.activeElement.labels?.[0]?.textContent === 'Support')); step += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Space');
  await press('#do-consult');
  await press('#end-consult');
  await waitForEvent(page, 'eAgentCtqCancelled');
  await page.waitForSelector('#end-consult', { hidden: true, timeout: 15000 });
  assert.equal((await listed()).length, 1, 'a consult no agent took is never listed');
  await shortcut('E');
  await wrapUp();
  assert.equal(await dropsOf(id), 1);
});
