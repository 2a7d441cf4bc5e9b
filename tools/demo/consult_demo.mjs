// `./run demo --scenario consult|transfer [--json]`: consult, transfer and conference from the bus,
// through the real plugin against wxcc-sim on loopback, as a CRM page would drive them.
//   consult:  a call; consult the agent Alex Rivera; once Alex answers, a conference; the agent
//             leaves it (ExitConference): the call ends for this agent with acw, WrapUpCall, DROPPED.
//   transfer: a call blind-transferred to a queue (wrap-up, DROPPED); then a second call, a consult
//             to a dial number, handed over to it (ConsultTransfer).
// The consult is a leg the CRM follows as a call of its own (id "<call id>-consult-<n>", with
// parentCallId); every call and leg must end in exactly one DROPPED, which the demo checks before it
// shows what Webex received. The pure part (what the page does after each message) comes first.

import { AGENT_ENDS_NUMBER, agentStateOf, describe } from './call_demo.mjs';
import { startWorkspace } from './workspace.mjs';

export const CONSULT_SCENARIOS = ['consult', 'transfer'];
const ALEX = '7b1e3c5a-2f4d-4e8a-9c61-0a2b3c4d5e01';  // wxcc-sim's buddy agent Alex Rivera
const SUPPORT_QUEUE = '1cdb8b2e-b83c-4c53-8279-0e3138d43fb9';  // its queue "Support"
const DIAL_NUMBER = '+14085550199';
const RUN_TIMEOUT_MS = 60000;
const PAUSE_MS = 1500;  // between an event and the page's next request, so that the timeline reads

const ask = (topic, subtopic, data, requestId) => ({
  channel: 'Webexcc', topic, subtopic, ...(requestId ? { requestId } : {}), ...(data === undefined ? {} : { data }),
});
const call = (subtopic, data, requestId) => ask('OutboundCall', subtopic, data, requestId);

// What the page does when the call (not the leg) answers, per scenario and call number.
const FIRST_MOVES = {
  consult: [{ request: call('Consult', { to: ALEX, destinationType: 'agent' }, 'demo-consult'), label: 'Consult agent Alex Rivera' }],
  transfer: [
    { request: call('Transfer', { to: SUPPORT_QUEUE, destinationType: 'queue' }, 'demo-transfer'), label: 'Transfer to queue Support' },
    { request: call('Consult', { to: DIAL_NUMBER, destinationType: 'dialNumber' }, 'demo-consult'), label: `Consult ${DIAL_NUMBER}` },
  ],
};

function failureOf(message) {
  const body = message?.message;
  if (body?.source !== 'error') return undefined;
  return `${body.request ?? message.subtopic} refused: ${body.error?.type} ${body.error?.code} ${body.error?.message}`;
}

const makeCall = (run) => ({
  request: call('MakeCall', AGENT_ENDS_NUMBER, `demo-${run.calls + 1}`), label: `MakeCall ${AGENT_ENDS_NUMBER}`,
});

function onAgentState(state, run) {
  if (run.calls !== undefined || state === undefined) return undefined;  // the calls have begun
  if (state === 'Available') { run.calls = 0; return makeCall(run); }
  if (run.askedReady) return undefined;
  run.askedReady = true;
  return { request: ask('Agent', 'SetReadyState'), label: 'SetReadyState' };
}

function withCall(move, id) {
  return { ...move, request: { ...move.request, data: { ...move.request.data, callId: id } } };
}

// A consult leg's event: once the other party answers, conference it or hand the call over.
function onLegEvent(event, leg, run) {
  if (event !== 'eAgentConsulting') return undefined;
  return run.scenario === 'consult'
    ? { request: call('Conference', { callId: leg.id }), label: 'Conference' }
    : { request: call('ConsultTransfer', { callId: leg.id }), label: 'ConsultTransfer' };
}

function onCallEvent(event, id, run) {
  switch (event) {
    case 'CustAnswered': return withCall(FIRST_MOVES[run.scenario][run.calls], id);
    case 'eParticipantJoinedConference': return { request: call('ExitConference', { callId: id }), label: 'ExitConference' };
    case 'acw':
      return { request: ask('Agent', 'WrapUpCall', { callId: id, wrapup: 'demo-sale' }), label: 'WrapUpCall wrapup=demo-sale' };
    case 'DROPPED':
      run.calls += 1;
      return run.calls < FIRST_MOVES[run.scenario].length ? makeCall(run) : { done: true };
    default: return undefined;
  }
}

// What the page does after `message`: {request, label}, {done}, {fail}, or undefined.
// `run` holds the scenario, the calls ended so far (undefined until the agent is Available) and
// whether SetReadyState was sent.
export function nextStep(message, run) {
  const failure = failureOf(message);
  if (failure) return { fail: failure };
  const state = agentStateOf(message);
  if (state !== undefined || run.calls === undefined) return onAgentState(state, run);
  const callInfo = message?.message?.call;
  if (typeof callInfo?.event !== 'string') return undefined;
  if (typeof callInfo.parentCallId === 'string') return onLegEvent(callInfo.event, callInfo, run);
  return onCallEvent(callInfo.event, callInfo.id, run);
}

// Every call and leg that published an event, and how many DROPPED each had: the ids that did not
// end in exactly one.
export function notEndedOnce(drops) {
  return [...drops].filter(([, count]) => count !== 1).map(([id, count]) => `${id}: ${count} DROPPED`);
}

function countDrops(message, drops) {
  const info = message?.message?.call;
  if (typeof info?.id !== 'string' || message.message.source !== 'event') return;
  drops.set(info.id, (drops.get(info.id) ?? 0) + (info.event === 'DROPPED' ? 1 : 0));
}

function parse(line) {
  try { return JSON.parse(line); } catch { return undefined; }
}

// What Webex received: each task action the simulator recorded, path and body.
async function showTaskActions(simControl) {
  const status = await simControl({ status: true });
  console.log('Webex received:');
  for (const action of status.taskActions ?? []) console.log(`  POST ${action.path} ${JSON.stringify(action.body)}`);
}

// The I/O shell. Resolves true when the run ended with every call and leg DROPPED once.
export async function runConsultDemo({ binaries, scenario, json }) {
  const run = { scenario, calls: undefined, askedReady: false };
  const drops = new Map();
  const start = Date.now();
  let settle;
  const finished = new Promise((resolve) => { settle = resolve; });
  const print = (label, detail) => console.log(`${String(Date.now() - start).padStart(5)} ms  ${label.padEnd(28)} ${detail ?? ''}`);
  const hear = (line, bus) => {
    const message = parse(line);
    const entry = message && describe(message);
    if (json || !entry) console.log(line); else print(...entry);
    countDrops(message, drops);
    const step = nextStep(message, run);
    if (step?.done || step?.fail) setTimeout(() => settle(step.fail), step.fail ? 0 : 500);  // late messages too
    else if (step) setTimeout(() => { if (!json) print('-> request', step.label); bus.send(step.request); }, PAUSE_MS);
  };
  const workspace = await startWorkspace({ binaries, plugins: ['webexcc-outbound'], stepMs: 400, onHostLine: hear,
                                           outbound: { entryPointId: 'demo-entry-point', outdialAni: '1908603511' } });
  console.error(`wxcc-sim on ${workspace.simUrl}; host log ${workspace.folder}/host.log`);
  const timer = setTimeout(() => settle(`not over within ${RUN_TIMEOUT_MS / 1000} s`), RUN_TIMEOUT_MS);
  workspace.exited.then(() => settle('workspace-host exited'));
  let failure = await finished;
  clearTimeout(timer);
  const unended = notEndedOnce(drops);
  if (!failure && unended.length > 0) failure = `not ended in exactly one DROPPED: ${unended.join(', ')}`;
  if (!failure) {
    console.log(`Every call and leg ended in exactly one DROPPED: ${[...drops.keys()].join(', ')}`);
    await showTaskActions(workspace.simControl).catch(() => {});
  }
  await workspace.stop();
  if (failure) {
    console.error(`demo: ${failure}`);
    process.stderr.write(workspace.hostLog());
  }
  return !failure;
}
