// The official Webex Contact Center SDK (@webex/contact-center 3.12.0, unmodified) as the judge of
// wxcc-sim: the SDK runs in Node against the real wxcc-sim binary over TLS on loopback, and every
// step is the SDK's own public API, its own REST requests, WebSocket handling and task manager.
// Only what lies outside Contact Center (service catalog, device, Mercury, metrics, log upload)
// is a stand-in (cloud.mjs). Run through run.mjs, which makes the certificate Node must trust.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCESS_TOKEN, startCloud, startSim } from './cloud.mjs';
import { signedInWebex } from './sdk.mjs';

const SIM = process.env.WXCC_SIM;
const STEP_MS = 60;
const DIAL_NUMBER = '+14155550100';  // the agent's phone (AGENT_DN)
const ORIGIN = '+14155550199';       // the caller id the outdials show
// Numbers by wxcc-sim's default rules (wxcc-sim --help): the suffix chooses the scenario.
const CUSTOMER = { agentEnds: '+14155551007', busy: '+14155551001', noAnswer: '+14155551002', rona: '+14155551003',
  declined: '+14155551004' };

// The first `event` the emitter emits within `ms` (the SDK's plugin and its tasks are emitters).
function nextEvent(emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

// Places an outdial and resolves with the SDK's task once the SDK has offered it (task:incoming).
async function outdial(cc, number) {
  const incoming = nextEvent(cc, 'task:incoming');
  await cc.startOutdial(number, ORIGIN);
  return incoming;
}

describe('the official SDK against wxcc-sim', { timeout: 90000 }, () => {
  let sim;
  let cloud;
  let webex;
  let cc;
  let profile;

  before(async () => {
    assert.ok(SIM, 'WXCC_SIM names the wxcc-sim binary');
    sim = await startSim(SIM, ['--step-ms', String(STEP_MS), '--keepalive-ms', '500']);
    cloud = await startCloud(sim.url);
    webex = await signedInWebex({ u2c: cloud.u2c, accessToken: ACCESS_TOKEN, logLevel: process.env.SDK_LOG ?? 'error' });
    cc = webex.cc;
  });

  after(async () => {
    cc?.services?.webSocketManager?.close(false, 'test over');
    sim?.stop();
    cloud?.stop();
  });

  test('register() reads the agent profile through the catalog and subscribes', async () => {
    profile = await cc.register();
    assert.equal(profile.agentId, '22a3ff9b-c51c-4c6b-8b8a-ca98154240f1');
    assert.ok(profile.teams.length > 0, 'the profile has teams');
    assert.ok(profile.idleCodes.some((code) => !code.isSystem), 'the profile has idle codes');
    assert.ok(profile.wrapupCodes.length > 0, 'the profile has wrap-up codes');
    assert.ok(cloud.requests.some((r) => r.url.includes('/catalog')), 'the SDK asked the catalog');
  });

  test('stationLogout() and stationLogin() with AGENT_DN', async () => {
    await cc.stationLogout({ logoutReason: 'official SDK test' });
    const login = await cc.stationLogin({ teamId: profile.teams[0].id, loginOption: 'AGENT_DN', dialNumber: DIAL_NUMBER });
    assert.equal(login.teamId, profile.teams[0].id);
    assert.equal(login.deviceType, 'AGENT_DN');
  });

  test('Available, then Idle with an idle code from the profile', async () => {
    const available = await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
    assert.equal(available.data.subStatus, 'Available');
    const idle = profile.idleCodes.find((code) => !code.isSystem);
    const idled = await cc.setAgentState({ state: 'Idle', auxCodeId: idle.id, lastStateChangeReason: idle.name });
    assert.equal(idled.data.auxCodeId, idle.id);
    await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
  });

  test('an outdial the customer answers: held, resumed, recording paused and resumed, ended, wrapped up by code name', async () => {
    const task = await outdial(cc, CUSTOMER.agentEnds);
    await nextEvent(task, 'task:assigned');
    await task.hold();
    await task.resume();
    await task.pauseRecording();
    await task.resumeRecording({ autoResumed: false });
    const ended = nextEvent(task, 'task:end');
    await task.end();
    await ended;
    const code = profile.wrapupCodes[0];
    const wrappedUp = nextEvent(task, 'task:wrappedup');
    await task.wrapup({ wrapUpReason: code.name, auxCodeId: code.id });
    await wrappedUp;
    const actions = (await sim.control({ status: true })).taskActions ?? [];
    assert.ok(JSON.stringify(actions).includes(code.name), 'the wrap-up named its code');
  });

  for (const [name, number] of [['busy', CUSTOMER.busy], ['no answer', CUSTOMER.noAnswer]]) {
    test(`an outdial that fails (${name}): outdialFailed, then the wrap-up`, async () => {
      const task = await outdial(cc, number);
      const wrapUpOffered = nextEvent(task, 'task:end');  // AgentWrapup ends the task's call
      const failed = await nextEvent(task, 'task:outdialFailed');
      assert.match(String(failed), /BUSY|NO_ANSWER/);
      await wrapUpOffered;
      const code = profile.wrapupCodes[0];
      const wrappedUp = nextEvent(task, 'task:wrappedup');
      await task.wrapup({ wrapUpReason: code.name, auxCodeId: code.id });
      await wrappedUp;
    });
  }

  test('an outdial the agent does not answer (RONA) and one the agent declines', async () => {
    const rona = await outdial(cc, CUSTOMER.rona);
    assert.equal(await nextEvent(rona, 'task:rejected'), 'RONA_TIMER_EXPIRED');
    await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
    const declined = await outdial(cc, CUSTOMER.declined);
    assert.ok(await nextEvent(declined, 'task:rejected'));
  });

  test('a dropped notification socket: the SDK subscribes again and relogs in silently', async () => {
    const relogin = nextEvent(cc, 'agent:reloginSuccess', 12000);  // it retries every 5 s (connection-service.ts)
    await sim.control({ fault: 'drop-socket' });
    await relogin;
    const available = await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
    assert.equal(available.data.subStatus, 'Available', 'the new socket carries the answer');
  });

  test('stationLogout()', async () => {
    const logout = await cc.stationLogout({ logoutReason: 'official SDK test' });
    assert.equal(logout.data.type, 'AgentLogoutSuccess');
  });
});
