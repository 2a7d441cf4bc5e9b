// The official Webex Contact Center SDK (@webex/contact-center 3.12.0, unmodified) as the judge of
// wxcc-sim: the SDK runs in Node against the real wxcc-sim binary over TLS on loopback, and every
// step is the SDK's own public API, its own REST requests, WebSocket handling and task manager.
// Only what lies outside Contact Center (service catalog, device, Mercury, metrics, log upload)
// is a stand-in (cloud.mjs). Run through run.mjs, which makes the certificate Node must trust.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { endAndWrapUp, nextEvent, pause, recordEvents, secondSession, startAll, STEP_MS, wrapUp } from './harness.mjs';

const DIAL_NUMBER = '+14155550100';  // the agent's phone (AGENT_DN)
const EXTENSION = '5101';            // the agent's desk phone (EXTENSION)
const ORIGIN = '+14155550199';       // the caller id the outdials show
const CALLER = '+14155550123';       // the customer who calls in
// Numbers by wxcc-sim's default rules (wxcc-sim --help): the suffix chooses the scenario.
const CUSTOMER = { agentEnds: '+14155551007', busy: '+14155551001', noAnswer: '+14155551002', rona: '+14155551003',
  declined: '+14155551004' };
const SUBSCRIBE = 'POST /v1/notification/subscribe';

// Places an outdial and resolves with the SDK's task once the SDK has offered it (task:incoming).
async function outdial(cc, number) {
  const incoming = nextEvent(cc, 'task:incoming');
  await cc.startOutdial(number, ORIGIN);
  return incoming;
}

describe('the official SDK against wxcc-sim', { timeout: 90000 }, () => {
  let sim;
  let cloud;
  let cc;
  let stop;
  let profile;
  const status = () => sim.control({ status: true });

  before(async () => {
    ({ sim, cloud, cc, stop } = await startAll());
  });

  after(() => stop?.());

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

  test('stationLogin() with EXTENSION: the rest of the day runs on the desk phone', async () => {
    await cc.stationLogout({ logoutReason: 'official SDK test' });
    const team = profile.teams.at(-1);
    const login = await cc.stationLogin({ teamId: team.id, loginOption: 'EXTENSION', dialNumber: EXTENSION });
    assert.equal(login.deviceType, 'EXTENSION');
    assert.equal(login.teamId, team.id);
    const { station } = await status();
    assert.deepEqual(station, { loggedIn: true, teamId: team.id, deviceType: 'EXTENSION', dialNumber: EXTENSION });
    assert.equal((await status()).requests['POST /v1/agents/login'], 2, 'both logins reached the simulator');
    await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
  });

  test('an outdial the customer answers: held, resumed, recording paused and resumed, ended, wrapped up by code name', async () => {
    const task = await outdial(cc, CUSTOMER.agentEnds);
    await nextEvent(task, 'task:assigned');
    await task.hold();
    await task.resume();
    await task.pauseRecording();
    await task.resumeRecording({ autoResumed: false });
    const code = profile.wrapupCodes[0];
    await endAndWrapUp(task, code);
    const actions = (await status()).taskActions ?? [];
    assert.ok(JSON.stringify(actions).includes(code.name), 'the wrap-up named its code');
  });

  for (const [kind, direction, outboundType] of [['inbound', 'INBOUND', null], ['progressive', 'OUTBOUND', 'PROGRESSIVE']]) {
    test(`a call Webex routes (${kind}): task:incoming, answered on the agent's phone (task:assigned), ended, wrapped up`, async () => {
      const incoming = nextEvent(cc, 'task:incoming');
      const { interactionId } = await sim.control({ offerCall: { kind, number: CALLER } });
      const task = await incoming;
      assert.equal(task.data.interactionId, interactionId);
      assert.equal(task.data.interaction.contactDirection.type, direction);
      assert.equal(task.data.interaction.outboundType, outboundType);
      assert.equal(task.data.interaction.callProcessingDetails.customerNumber, CALLER);
      await nextEvent(task, 'task:assigned');  // no accept(): a phone that is not the browser answers
      assert.equal(task.data.interaction.state, 'connected');
      await endAndWrapUp(task, profile.wrapupCodes[0]);
    });
  }

  test('a preview reservation: no call before acceptPreviewContact(), the call after it', async () => {
    const reserved = nextEvent(cc, 'task:campaignPreviewReservation');
    const rung = recordEvents(cc, ['task:incoming']);
    const { interactionId } = await sim.control({ offerCall: { kind: 'preview' } });
    const task = await reserved;
    assert.equal(task.data.interactionId, interactionId);
    const offered = recordEvents(task, ['task:assigned', 'task:end']);
    await pause(10 * STEP_MS);  // many of the simulator's steps: still only the reservation
    assert.deepEqual(rung, []);
    assert.deepEqual(offered, []);
    assert.deepEqual((await status()).calls.map((c) => [c.interactionId, c.state]), [[interactionId, 'new']]);

    const assigned = nextEvent(task, 'task:assigned');
    const campaignId = task.data.interaction.callProcessingDetails.campaignId;
    await cc.acceptPreviewContact({ interactionId, campaignId });
    await assigned;
    const { calls, taskActions } = await status();
    assert.equal(taskActions.at(-1).path, `/v1/dialer/campaign/${encodeURIComponent(campaignId)}/preview-task/${interactionId}/accept`);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].state, 'connected');
    assert.equal(task.data.interactionId, calls[0].interactionId, 'the SDK follows the call under its new id');
    assert.equal(task.data.reservationInteractionId, interactionId);
    await endAndWrapUp(task, profile.wrapupCodes[0]);
  });

  test('an outdial ended while still ringing: end() resolves, task:end asks for the wrap-up, nothing rejected', async () => {
    await sim.control({ nextScenario: 'ringing' });
    const task = await outdial(cc, CUSTOMER.agentEnds);  // startOutdial() resolves on AgentOfferContact (dialer.ts:38-56)
    assert.equal(task.data.interaction.participants[profile.agentId].isOffered, true);
    const seen = recordEvents(task, ['task:assigned', 'task:rejected', 'task:end']);
    await pause(5 * STEP_MS);  // it rings on
    const ended = nextEvent(task, 'task:end');
    await task.end();  // the SDK waits for AgentWrapup (contact.ts:339-350)
    await ended;
    assert.equal(task.data.wrapUpRequired, true);
    assert.equal(task.data.interaction.isTerminated, true);
    assert.ok(!seen.includes('task:assigned') && !seen.includes('task:rejected'), `events: ${seen}`);
    await wrapUp(task, profile.wrapupCodes[0]);
  });

  for (const [name, number] of [['busy', CUSTOMER.busy], ['no answer', CUSTOMER.noAnswer]]) {
    test(`an outdial that fails (${name}): outdialFailed, then the wrap-up`, async () => {
      const task = await outdial(cc, number);
      const wrapUpOffered = nextEvent(task, 'task:end');  // AgentWrapup ends the task's call
      const failed = await nextEvent(task, 'task:outdialFailed');
      assert.match(String(failed), /BUSY|NO_ANSWER/);
      await wrapUpOffered;
      await wrapUp(task, profile.wrapupCodes[0]);
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

  test('another client of the agent subscribes: agent:multiLogin, and the SDK does not subscribe again', async () => {
    const multiLogin = nextEvent(cc, 'agent:multiLogin');
    const subscribes = (await status()).requests[SUBSCRIBE];
    const other = await secondSession(sim.url);
    try {
      const data = await multiLogin;
      assert.equal(data.agentId, profile.agentId);
      assert.equal(data.type, 'AgentMultiLoginCloseSession');
      await pause(6000);  // past the SDK's reconnect interval (5 s, connection-service.ts)
      const now = await status();
      assert.equal(now.requests[SUBSCRIBE], subscribes + 1, 'only the other client subscribed');
      assert.equal(now.socketOpen, true, "the other client's socket stays");
    } finally {
      other.close();
    }
  });
});
