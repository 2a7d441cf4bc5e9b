// `./run demo --browser [--screenshot FILE]`: wxcc-sim and workspace-host with both plugins; prints
// the agent panel's URL for a person to open, or with a screenshot file drives a whole call in
// headless Chromium, saves a picture of the finished call and exits. Only the screenshot needs
// tests/browser's npm packages (puppeteer-core).

import { startWorkspace } from './workspace.mjs';

async function screenshotWholeCall(workspace, screenshot) {
  const { launchBrowser, placeWholeCall } = await import('../../tests/browser/panel_driver.mjs');
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 760, height: 1000 });
    await page.goto(workspace.pageUrl);
    const events = await placeWholeCall(page, '15550001007');
    console.log(`${events.join(' -> ')}`);
    await page.screenshot({ path: screenshot, fullPage: true });
    console.log(`screenshot of the finished call: ${screenshot}`);
  } finally {
    await browser.close();
    await workspace.stop();
  }
}

export async function runBrowserDemo({ binaries, screenshot }) {
  // The plugin reads the agent's profile: the panel shows the station, caller IDs and codes by name.
  const workspace = await startWorkspace({ binaries, profile: true });
  if (screenshot) {
    await screenshotWholeCall(workspace, screenshot);
    return;
  }
  console.log(`Agent panel: ${workspace.pageUrl}`);
  console.log('Open it, click Ready, type a number (15550001007 lasts until you end it) and Call. Ctrl-C stops.');
  const stop = async () => { await workspace.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
