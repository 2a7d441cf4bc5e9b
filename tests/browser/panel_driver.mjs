// Drives the agent panel in headless Chromium (Debian's /usr/bin/chromium through puppeteer-core;
// nothing is downloaded): used by the browser test and by `./run demo --browser --screenshot`.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import puppeteer from 'puppeteer-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser() {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This machine's network is closed: no background connections, no component downloads.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

export const textOf = (page, selector) => page.$eval(selector, (element) => element.textContent);

export async function waitForText(page, selector, expected, timeout = 15000) {
  await page.waitForFunction((s, e) => document.querySelector(s)?.textContent.includes(e), { timeout }, selector, expected);
}

// Waits until the call's timeline shows `event` (exactly, as an entry's event name).
export async function waitForEvent(page, event, timeout = 15000) {
  await page.waitForFunction(
    (e) => [...document.querySelectorAll('#timeline li')].some((li) => li.textContent.replace(/^\+[\d.]+ s/, '').split(' — ')[0] === e),
    { timeout }, event);
}

export async function clickWhenEnabled(page, selector, timeout = 15000) {
  await page.waitForSelector(`${selector}:not([disabled])`, { timeout });
  await page.click(selector);
}

export async function timeline(page) {
  return page.$$eval('#timeline li', (items) => items.map((li) => li.textContent.replace(/^\+[\d.]+ s/, '').split(' — ')[0]));
}

// Ready, then a whole call to `number`: answered, held and resumed, recording paused and resumed,
// ended, wrapped up with a code, DROPPED. Returns the timeline.
export async function placeWholeCall(page, number, { onAnswered = async () => {} } = {}) {
  await waitForText(page, '#connection', 'connected');
  await clickWhenEnabled(page, '#ready');
  await waitForText(page, '#agent-state', 'Available');
  await page.type('#number', number);
  await clickWhenEnabled(page, '#call');
  for (const event of ['eAgentOfferContact', 'CustAnswered', 'eCallRecordingStarted']) await waitForEvent(page, event);
  await onAnswered();
  await clickWhenEnabled(page, '#hold');
  await waitForEvent(page, 'eAgentContactHeld');
  await clickWhenEnabled(page, '#resume');
  await waitForEvent(page, 'eAgentContactUnHeld');
  await clickWhenEnabled(page, '#pause-recording');
  await waitForEvent(page, 'ePauseRecording');
  await clickWhenEnabled(page, '#resume-recording');
  await waitForEvent(page, 'eResumeRecording');
  await clickWhenEnabled(page, '#end');
  await waitForEvent(page, 'eAgentContactEnded');
  await waitForEvent(page, 'acw');
  await page.type('#wrapup-reason', 'Sale made');  // the code: the one preselected
  await clickWhenEnabled(page, '#wrapup');
  await waitForEvent(page, 'DROPPED');
  return timeline(page);
}

// Selects the option whose text is `label` (the profile's names, never their ids).
export async function selectByLabel(page, selector, label, timeout = 15000) {
  await page.waitForFunction((s, l) => [...(document.querySelector(s)?.options ?? [])].some((o) => o.textContent === l),
                             { timeout }, selector, label);
  await page.$eval(selector, (select, l) => {
    select.value = [...select.options].find((option) => option.textContent === l).value;
    select.dispatchEvent(new Event('change'));
  }, label);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's violations on what the page shows now (hidden parts are not checked), one line each.
// DevTools' evaluation is not bound by the panel's Content-Security-Policy, so axe runs unchanged.
export async function accessibilityViolations(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`);
  });
}
