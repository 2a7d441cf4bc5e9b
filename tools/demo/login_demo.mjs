// `./run demo --scenario login`: the agent's whole day from the bus, on a wxcc-sim whose agent starts
// in no station. The CRM reads the agent's profile, logs in to a station (the first team, a dial
// number), goes Ready, calls with a caller ID from the profile, ends the call, wraps up with the
// profile's first wrap-up code (the plugin sends Webex the code's name) and logs out. The pure part
// (what comes next after each message) first; the I/O last.

import { AGENT_ENDS_NUMBER, describe } from './call_demo.mjs';
import { startWorkspace } from './workspace.mjs';

const DIAL_NUMBER = '+14155550100';  // the agent's phone; the profile's international dial plan allows it
const DAY_TIMEOUT_MS = 90000;

const ask = (topic, subtopic, data) => ({
  channel: 'Webexcc', topic, subtopic, requestId: `demo-${subtopic}`, ...(data === undefined ? {} : { data }),
});

function failureOf(message) {
  const body = message?.message;
  if (body?.source !== 'error') return undefined;
  return `${message.subtopic}: ${body.error?.type ?? ''} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`;
}

// After the profile: log in to the first team's station with the demo's dial number.
function logIn(profile, day) {
  day.profile = profile;
  day.phase = 'login';
  const team = profile.teams?.[0];
  if (!team) return { fail: 'the profile has no team' };
  return { request: ask('Agent', 'StationLogin', { teamId: team.id, loginOption: 'AGENT_DN', dialNumber: DIAL_NUMBER }),
           label: `StationLogin team "${team.name}", dial number ${DIAL_NUMBER}` };
}

function onAgentState(agent, day) {
  if (day.phase === 'start') {
    day.phase = 'profile';
    return { request: ask('Agent', 'GetAgentProfile'), label: 'GetAgentProfile' };
  }
  if (day.phase === 'login' && agent.loggedIn === true && agent.state !== 'Available') {
    day.phase = 'ready';
    return { request: ask('Agent', 'SetReadyState'), label: 'SetReadyState' };
  }
  if (day.phase === 'ready' && agent.state === 'Available') {
    day.phase = 'call';
    const ani = day.profile.outdialAnis?.[0];
    return { request: ask('OutboundCall', 'MakeCall', { toAddress: AGENT_ENDS_NUMBER, ani: ani?.number }),
             label: `MakeCall ${AGENT_ENDS_NUMBER}, caller ID ${ani?.name} (${ani?.number})`, afterMs: 500 };
  }
  if (day.phase === 'logout' && agent.loggedIn === false) return { done: true };
  return undefined;
}

function onCallEvent(event, day) {
  if (event === 'CustAnswered') return { request: ask('OutboundCall', 'Disconnect'), label: 'Disconnect', afterMs: 2000 };
  if (event === 'acw') {
    const code = day.profile.wrapUpCodes?.[0];
    return { request: ask('Agent', 'WrapUpCall', { wrapup: code?.id }), label: `WrapUpCall "${code?.name}"`, afterMs: 1000 };
  }
  if (event === 'DROPPED') {
    day.phase = 'logout';
    return { request: ask('Agent', 'StationLogout'), label: 'StationLogout', afterMs: 500 };
  }
  return undefined;
}

// What the CRM does after `message`: {request, label, afterMs?}, {done}, {fail}, or undefined.
// `day` holds the phase ('start', 'profile', 'login', 'ready', 'call', 'logout') and the profile.
export function nextStep(message, day) {
  const failure = failureOf(message);
  if (failure) return { fail: failure };
  const body = message?.message;
  if (body?.event === 'AgentProfile' && body.profile && day.phase === 'profile') return logIn(body.profile, day);
  if (message?.subtopic === 'AgentStateChange' && body?.agent) return onAgentState(body.agent, day);
  if (typeof body?.call?.event === 'string' && day.phase === 'call') return onCallEvent(body.call.event, day);
  return undefined;
}

function show(line, message, start) {
  const entry = message && describe(message);
  const time = String(Date.now() - start).padStart(5);
  console.log(entry ? `${time} ms  ${entry[0].padEnd(28)} ${entry[1]}` : `${time} ms  ${line}`);
}

// What Webex received for the wrap-up: the code's name as wrapUpReason, its id as auxCodeId.
async function showWrapUpSent(simControl) {
  const status = await simControl({ status: true });
  const wrapUp = (status.taskActions ?? []).filter((action) => action.path?.endsWith('/wrapup')).at(-1);
  if (wrapUp) console.log(`Webex received the wrap-up: ${JSON.stringify(wrapUp.body)}`);
}

// Runs the day; resolves true when the agent logged out after the call.
export async function runLoginDemo({ binaries }) {
  const day = { phase: 'start', profile: undefined };
  const start = Date.now();
  let settle;
  const finished = new Promise((resolve) => { settle = resolve; });
  const hear = (line, bus) => {
    let message;
    try { message = JSON.parse(line); } catch { message = undefined; }
    show(line, message, start);
    const step = nextStep(message, day);
    if (step?.done || step?.fail) settle(step.fail);
    else if (step) setTimeout(() => { console.log(`      -> ${step.label}`); bus.send(step.request); }, step.afterMs ?? 0);
  };
  const workspace = await startWorkspace({ binaries, plugins: ['webexcc-outbound'], stepMs: 400, simArgs: ['--no-station'], profile: true,
                                           outbound: { entryPointId: 'demo-entry-point', outdialAni: '1908603511' }, onHostLine: hear });
  console.error(`wxcc-sim on ${workspace.simUrl}; host log ${workspace.folder}/host.log`);
  const timer = setTimeout(() => settle(`the day did not end within ${DAY_TIMEOUT_MS / 1000} s`), DAY_TIMEOUT_MS);
  workspace.exited.then(() => settle('workspace-host exited'));
  const failure = await finished;
  clearTimeout(timer);
  if (!failure) await showWrapUpSent(workspace.simControl).catch(() => {});
  await workspace.stop();
  if (failure) {
    console.error(`demo: ${failure}`);
    process.stderr.write(workspace.hostLog());
  }
  return !failure;
}
