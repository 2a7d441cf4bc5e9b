// `./run demo --browser [--screenshot FILE]`: wxcc-sim and workspace-host with both plugins; prints
// the agent panel's URL for a person to open, or with --screenshot drives a whole call in headless
// Chromium, saves a picture of the finished call and exits.
//   node demo.mjs <workspace-host> <wxcc-sim> <plugin build dir> [--screenshot FILE]

import { launchBrowser, placeWholeCall } from './panel_driver.mjs';
import { startWorkspace } from './workspace.mjs';

const [host, sim, pluginDir, flag, screenshot] = process.argv.slice(2);
const workspace = await startWorkspace({ binaries: { host, sim, pluginDir } });
await workspace.simControl({ autoWrapUp: false });  // the agent wraps up from the page

if (flag === '--screenshot') {
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
} else {
  console.log(`Agent panel: ${workspace.pageUrl}`);
  console.log('Open it, click Ready, type a number (15550001007 lasts until you end it) and Call. Ctrl-C stops.');
  const stop = async () => { await workspace.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
