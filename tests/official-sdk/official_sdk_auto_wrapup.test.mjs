// The official SDK's own auto wrap-up against wxcc-sim (the SDK's process of its own, as run.mjs runs
// each test file): with the profile's auto wrap-up on when register() reads it, the SDK's client
// timer wraps a call up with the default wrap-up code's name and id (services/task/index.ts:169-216),
// and the simulator, which wraps nothing up by itself (as Webex), receives exactly that.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nextEvent, startAll } from './harness.mjs';

// autoWrapAfterSeconds: seconds by its documentation (config/types.ts ~852); the SDK 3.12 hands it to
// a millisecond timer unchanged (task/index.ts:196-203), so 1 is quick either way.
const AFTER_SECONDS = 1;

describe("the official SDK's auto wrap-up against wxcc-sim", { timeout: 60000 }, () => {
  let sim;
  let cc;
  let stop;
  let profile;

  before(async () => {
    ({ sim, cc, stop } = await startAll());
  });

  after(() => stop?.());

  test('register() reads the profile with auto wrap-up on', async () => {
    await sim.control({ profile: { autoWrapUp: true, autoWrapAfterSeconds: AFTER_SECONDS } });
    profile = await cc.register();
    const props = profile.wrapUpData.wrapUpProps;
    assert.equal(props.autoWrapup, true);
    assert.equal(props.autoWrapupInterval, AFTER_SECONDS);
    assert.ok(props.wrapUpReasonList.some((code) => code.isDefault), 'the profile has a default wrap-up code');
  });

  test('a call the agent ends is wrapped up by the SDK itself, with the default code by name', async () => {
    await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
    const incoming = nextEvent(cc, 'task:incoming');
    await cc.startOutdial('+14155551007', '+14155550199');  // agent-ends: the call stays up until end()
    const task = await incoming;
    await nextEvent(task, 'task:assigned');
    const wrappedUp = nextEvent(task, 'task:wrappedup');
    await task.end();
    await wrappedUp;  // no wrapup() by the test: the SDK's timer sent it
    const code = profile.wrapUpData.wrapUpProps.wrapUpReasonList.find((c) => c.isDefault);
    const wrapUps = (await sim.control({ status: true })).taskActions.filter((a) => a.path.endsWith('/wrapup'));
    assert.deepEqual(wrapUps.map((a) => a.body), [{ wrapUpReason: code.name, auxCodeId: code.id }]);
  });
});
