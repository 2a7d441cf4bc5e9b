// The official SDK's consult, transfer and conference against wxcc-sim (issue 21's judge): each
// step is the SDK's own method (services/task/index.ts: consult, endConsult, consultConference,
// exitConference, consultTransfer, transferConference, transfer), its own REST request and its own
// reading of the notifications that answer it (TaskManager.ts). Where the SDK and the simulator
// disagree, the simulator is wrong.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { nextEvent, pause, startAll, wrapUp } from './harness.mjs';

const BUDDY = '7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01';  // Alex Rivera, Available, in the simulator's buddy list
const QUEUE = '1cdb8b2e-b83c-4c53-8279-0e3138d43fb9';  // the simulator's "Support" queue

describe('consult, transfer and conference by the official SDK against wxcc-sim', { timeout: 90000 }, () => {
  let sim;
  let cc;
  let stop;
  let code;

  // An inbound call the simulator routes to the agent, answered on the agent's phone.
  async function connectedCall() {
    const incoming = nextEvent(cc, 'task:incoming');
    await sim.control({ offerCall: { kind: 'inbound', number: '+14155550123' } });
    const task = await incoming;
    await nextEvent(task, 'task:assigned');
    return task;
  }

  // The task actions the simulator received since `from`, as `/v1/tasks/{id}/<action>` tails.
  async function actionsSince(from) {
    const { taskActions } = await sim.control({ status: true });
    return taskActions.slice(from).map((action) => action.path.replace(/^\/v1\/tasks\/[^/]+\//, ''));
  }
  const actionCount = async () => (await sim.control({ status: true })).taskActions.length;

  before(async () => {
    ({ sim, cc, stop } = await startAll());
    const profile = await cc.register();
    [code] = profile.wrapupCodes;
    await cc.setAgentState({ state: 'Available', auxCodeId: '0' });
  });

  after(() => stop?.());

  test('the picker lists: buddy agents with their state, queues by search', async () => {
    const buddies = await cc.getBuddyAgents({ mediaType: 'telephony', state: 'Available' });
    const names = buddies.data.agentList.map((agent) => agent.agentName).sort();
    assert.deepEqual(names, ['Alex Rivera', 'Sam Chen']);
    const queues = await cc.getQueues({ search: 'supp', page: 0, pageSize: 10 });
    assert.deepEqual(queues.data.map((queue) => queue.id), [QUEUE]);
  });

  test('consult an agent, end the consult, resume the customer', async () => {
    const task = await connectedCall();
    const from = await actionCount();
    const created = nextEvent(task, 'task:consultCreated');
    const consulting = nextEvent(task, 'task:consulting');
    await task.consult({ to: BUDDY, destinationType: 'agent' });
    await created;
    await consulting;
    const ended = nextEvent(task, 'task:consultEnd');
    await task.endConsult({ isConsult: true, taskId: task.data.interactionId });
    await ended;
    await task.resume();
    assert.deepEqual(await actionsSince(from), ['consult', 'consult/end', 'unhold']);
    await endCall(task);
  });

  test('conference with the consulted agent, who leaves; a second conference the agent exits', async () => {
    const task = await connectedCall();
    await task.consult({ to: BUDDY, destinationType: 'agent' });
    await nextEvent(task, 'task:consulting');
    const joined = nextEvent(task, 'task:participantJoined');
    await task.consultConference();
    await joined;
    assert.equal(task.data.isConferenceInProgress, true);
    const left = nextEvent(task, 'task:participantLeft');
    await sim.control({ consultParty: 'leave' });
    await left;
    assert.equal(task.data.isConferenceInProgress, false);

    await task.consult({ to: BUDDY, destinationType: 'agent' });
    await nextEvent(task, 'task:consulting');
    await task.consultConference();
    const end = nextEvent(task, 'task:end');
    await task.exitConference();
    await end;
    assert.equal(task.data.wrapUpRequired, true, 'the agent who left wraps the call up');
    await wrapUp(task, code);
  });

  test('consult a dial number, then transfer the customer to it', async () => {
    const task = await connectedCall();
    const from = await actionCount();
    await task.consult({ to: '+14155550177', destinationType: 'dialNumber' });
    await nextEvent(task, 'task:consulting');
    const end = nextEvent(task, 'task:end');
    await task.consultTransfer();
    await end;
    await wrapUp(task, code);
    assert.deepEqual(await actionsSince(from), ['consult', 'consult/transfer', 'wrapup']);
  });

  test('consult an entry point, conference, hand the conference over', async () => {
    const task = await connectedCall();
    await task.consult({ to: 'ep-sales', destinationType: 'entryPoint' });
    await nextEvent(task, 'task:consulting');
    await task.consultConference();
    const end = nextEvent(task, 'task:end');
    await task.transferConference();
    await end;
    await wrapUp(task, code);
  });

  test('blind transfer to a queue, then to an agent', async () => {
    for (const destination of [{ to: QUEUE, destinationType: 'queue' }, { to: BUDDY, destinationType: 'agent' }]) {
      const task = await connectedCall();
      const end = nextEvent(task, 'task:end');
      await task.transfer(destination);
      await end;
      assert.equal(task.data.wrapUpRequired, true);
      await wrapUp(task, code);
    }
  });

  test('a consult to a queue no one has taken is cancelled', async () => {
    const task = await connectedCall();
    await sim.control({ nextConsult: 'wait' });
    const consult = task.consult({ to: QUEUE, destinationType: 'queue' }).catch((error) => error);
    await pause(200);
    const cancelled = nextEvent(task, 'task:consultQueueCancelled');
    await task.endConsult({ isConsult: true, taskId: task.data.interactionId, queueId: QUEUE });
    await cancelled;
    await consult;  // resolved or rejected: the SDK's own business once the queue consult is cancelled
    await task.resume();
    await endCall(task);
  });

  test('Webex refusing a consult and a transfer rejects the SDK call', async () => {
    const task = await connectedCall();
    await sim.control({ fault: 'fail-task-action', action: 'consult', reason: 'AGENT_NOT_FOUND' });
    await assert.rejects(task.consult({ to: BUDDY, destinationType: 'agent' }));
    await sim.control({ fault: 'fail-task-action', action: 'transfer', reason: 'AGENT_NOT_FOUND' });
    await assert.rejects(task.transfer({ to: BUDDY, destinationType: 'agent' }));
    await endCall(task);
  });

  // A consult another agent offers this one, ringing until it is accepted: the SDK's task starts at
  // AgentContactReserved and is marked consulted by AgentOfferConsult (TaskManager.ts ~195-223, ~378-388).
  async function offeredConsult(ronaMs = 10000) {
    const incoming = nextEvent(cc, 'task:incoming');
    await sim.control({ offerCall: { kind: 'consult', accept: 'wait', ronaMs } });
    const task = await incoming;
    await nextEvent(task, 'task:offerConsult');
    assert.equal(task.data.isConsulted, true);
    return task;
  }

  // The consulted agent leaves: the SDK's endConsult, AgentConsultEnded, the task removed.
  async function leaveConsult(task) {
    const ended = nextEvent(task, 'task:consultEnd');
    await task.endConsult({ isConsult: true, taskId: task.data.interactionId });
    await ended;
  }

  test('a consult offered to the agent, answered on the phone: task:consultAccepted, no REST call', async () => {
    const task = await offeredConsult();
    const from = await actionCount();
    // task.accept() of a telephony task sends nothing unless the login is BROWSER (task/index.ts ~336-400).
    const accepted = nextEvent(task, 'task:consultAccepted');
    await task.accept();
    await sim.control({ answerConsult: {} });
    assert.equal(await accepted, task);
    assert.equal(task.data.interaction.state, 'consulting');
    assert.equal(task.data.isConsulted, true);
    assert.deepEqual(await actionsSince(from), []);
    await leaveConsult(task);
    assert.deepEqual(await actionsSince(from), ['consult/end']);
  });

  test("the SDK's own contact.consultAccept: AgentConsulting resolves it, AgentContactAssignFailed rejects it", async () => {
    // The SDK's routing layer, as its TaskManager holds it (cc.services is TypeScript-private only).
    const { contact } = cc.services;
    const task = await offeredConsult();
    const from = await actionCount();
    const accepted = nextEvent(task, 'task:consultAccepted');
    const answer = await contact.consultAccept({ interactionId: task.data.interactionId });
    assert.equal(answer.data.type, 'AgentConsulting');
    await accepted;
    await leaveConsult(task);

    const refused = await offeredConsult();
    await sim.control({ fault: 'fail-task-action', action: 'consult/accept', reason: 'AGENT_NOT_FOUND' });
    const rejected = nextEvent(refused, 'task:rejected');
    await assert.rejects(contact.consultAccept({ interactionId: refused.data.interactionId }));
    assert.equal(await rejected, 'AGENT_NOT_FOUND');
    assert.deepEqual(await actionsSince(from), ['consult/accept', 'consult/end', 'consult/accept']);
  });

  test('a consult offered and joined at once (the simulator\'s default): reserved, so the SDK follows it', async () => {
    const incoming = nextEvent(cc, 'task:incoming');
    await sim.control({ offerCall: { kind: 'consult' } });
    const task = await incoming;
    await nextEvent(task, 'task:offerConsult');
    await nextEvent(task, 'task:consultAccepted');
    assert.equal(task.data.interaction.state, 'consulting');
    assert.equal(task.data.isConsulted, true);
    await leaveConsult(task);
  });

  async function endCall(task) {
    const ended = nextEvent(task, 'task:end');
    await task.end();
    await ended;
    await wrapUp(task, code);
  }
});
