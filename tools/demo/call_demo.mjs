// `./run demo [--json] [--scenario NAME] [--number N]`: a whole call through the real plugin against
// wxcc-sim on loopback, driven from the bus as a CRM page would: the agent goes Ready, MakeCall (or a
// call Webex CC routes to the agent), the agent ends it and wraps up with a code; each event is shown
// as it arrives. The pure part (what a line says, how the page answers it) comes first; the I/O last.

import { startWorkspace } from './workspace.mjs';

export const SCENARIOS = ['agent-ends', 'hold', 'campaign', 'preview', 'inbound'];
export const AGENT_ENDS_NUMBER = '15550001007';  // wxcc-sim's rule: the call lasts until the agent ends it
const CALL_TIMEOUT_MS = 60000;
const READY_TIMEOUT_MS = 20000;

// How each scenario starts: a MakeCall from the bus, or a call wxcc-sim offers to the agent.
const OFFERS = {
  campaign: { say: 'Webex CC routes a progressive campaign call to the agent', kind: 'progressive', number: '+14155550123' },
  preview: { say: 'Webex CC reserves a preview campaign contact for the agent', kind: 'preview', number: '+14155550123' },
  inbound: { say: 'A customer calls in; Webex CC offers the call to the agent', kind: 'inbound', number: '+14155550199' },
};

const request = (topic, subtopic, data) => ({ channel: 'Webexcc', topic, subtopic, ...(data === undefined ? {} : { data }) });
const makeCall = (number) => ({ channel: 'Webexcc', topic: 'OutboundCall', Subtopic: 'MakeCall', data: number, requestId: 'demo-1' });

function parse(line) {
  try { return JSON.parse(line); } catch { return undefined; }
}

// The first object anywhere in `value` that carries a string code and message: an error answer.
function findProblem(value) {
  if (value === null || typeof value !== 'object') return undefined;
  if (typeof value.code === 'string' && typeof value.message === 'string') return value;
  for (const member of Object.values(value)) {
    const found = findProblem(member);
    if (found) return found;
  }
  return undefined;
}

function describeCall(call) {
  const fields = call.ResponseFields ?? {};
  let text = `CallState=${fields.CallState || '-'}`;
  if (typeof call.reason === 'string' && call.reasonCode !== undefined) text += ` reason=${call.reason} code=${call.reasonCode}`;
  if (/^[a-z_]+$/.test(fields.OutBoundType ?? '') && fields.OutBoundType !== 'manualdial') text += ` OutBoundType=${fields.OutBoundType}`;
  if (typeof call.parentCallId === 'string') text += ` consult leg ${call.id} (${call.destinationType} ${fields.toAddress ?? ''})`;
  return text;
}

// One bus message as a timeline entry: [label, detail], or undefined to show the line as it is.
export function describe(message) {
  const call = message?.message?.call;
  if (message?.subtopic?.endsWith('CallStateChange') && typeof call?.event === 'string') return [call.event, describeCall(call)];
  const problem = findProblem(message);
  if (problem) return ['error', `${problem.code}: ${problem.message}`];
  const agent = message?.message?.agent;
  if (message?.subtopic === 'AgentStateChange' && typeof agent?.state === 'string') {
    const station = agent.loggedIn === false ? 'logged out' : agent.teamName && `station: ${agent.teamName}`;
    const idle = agent.idleCode?.name && `idle code: ${agent.idleCode.name}`;
    return ['agent state', [agent.state || '-', station, idle].filter(Boolean).join(', ')];
  }
  return undefined;
}

export const agentStateOf = (message) => (message?.subtopic === 'AgentStateChange' ? message.message?.agent?.state : undefined);

export function callEnded(message) {
  const body = message?.message;
  return body?.call?.event === 'DROPPED' || (body?.source === 'error' && body.error?.type === 'MAKE_CALL_FAILED');
}

// What the page does about an event: {request, label, afterMs}, or undefined.
export function reaction(event, { scenario, topic }) {
  switch (event) {
    case 'CustAnswered':
    case 'eAgentContactAssigned':
      return scenario === 'hold' ? { request: request(topic, 'SetHold'), label: 'SetHold', afterMs: 1500 }
                                 : { request: request(topic, 'Disconnect'), label: 'Disconnect', afterMs: 2500 };
    case 'eAgentOfferCampaignReserved':  // a MakeCall naming no number accepts the preview reservation
      return { request: { ...request('OutboundCall', 'MakeCall'), requestId: 'demo-accept' }, label: 'MakeCall (accept)', afterMs: 1500 };
    case 'eAgentContactHeld': return { request: request(topic, 'Resume'), label: 'Resume', afterMs: 1500 };
    case 'eAgentContactUnHeld': return { request: request(topic, 'Disconnect'), label: 'Disconnect', afterMs: 1500 };
    case 'acw':
      return { request: request('Agent', 'WrapUpCall', { wrapup: 'demo-sale', customwrapup: 'Sale made' }),
               label: 'WrapUpCall wrapup=demo-sale', afterMs: 1000 };
    default: return undefined;
  }
}

// The I/O shell: one object per demo run. Lines before the call starts are shown without a time.
class CallDemo {
  constructor({ scenario, number, json }) {
    Object.assign(this, { scenario, number, json, start: undefined, askedReady: false, planned: undefined });
    this.topic = scenario === 'inbound' ? 'InboundCall' : 'OutboundCall';
    this.finished = new Promise((resolve, reject) => { this.succeed = resolve; this.fail = reject; });
  }

  elapsed() {
    return this.start === undefined ? '    -' : String(Date.now() - this.start).padStart(5);
  }

  print(label, detail) {
    console.log(detail === undefined ? `${this.elapsed()} ms  ${label}` : `${this.elapsed()} ms  ${label.padEnd(28)} ${detail}`);
  }

  send(bus, message, label) {
    if (!this.json && this.start !== undefined) this.print('-> request', label);
    bus.send(message);
  }

  show(line, message) {
    if (this.json) { console.log(line); return; }
    const entry = message && describe(message);
    if (entry) this.print(...entry);
    else this.print(line);
  }

  hear(line, bus) {
    const message = parse(line);
    this.show(line, message);
    if (this.start === undefined) this.whileGettingReady(message, bus);
    else this.duringTheCall(message, bus);
  }

  // The plugin reports the agent's state once connected; then the agent goes Ready.
  whileGettingReady(message, bus) {
    const state = agentStateOf(message);
    if (state === 'Available') { this.startCall(bus); return; }
    if (state !== undefined && !this.askedReady) {
      this.askedReady = true;
      this.send(bus, request('Agent', 'SetReadyState'));
    }
  }

  startCall(bus) {
    clearTimeout(this.readyTimer);
    this.start = Date.now();
    this.callTimer = setTimeout(() => this.fail(new Error('no DROPPED within 60 s')), CALL_TIMEOUT_MS);
    const offer = OFFERS[this.scenario];
    if (!this.json) console.log(offer ? offer.say : `MakeCall ${this.number}`);
    if (offer) bus.simControl({ offerCall: { kind: offer.kind, number: offer.number } }).catch(this.fail);
    else this.send(bus, makeCall(this.number), `MakeCall ${this.number}`);
  }

  // React to each event as a CRM page would; a planned request replaces the one still waiting.
  duringTheCall(message, bus) {
    if (callEnded(message)) { this.stopTimers(); this.succeed(); return; }
    const next = reaction(message?.message?.call?.event, this);
    if (!next) return;
    clearTimeout(this.planned);
    this.planned = setTimeout(() => this.send(bus, next.request, next.label), next.afterMs);
  }

  watch(hostExited) {
    this.readyTimer = setTimeout(() => this.fail(new Error('the agent did not become Ready')), READY_TIMEOUT_MS);
    hostExited.then(() => this.fail(new Error(this.start === undefined ? 'the agent did not become Ready'
                                                                        : 'no DROPPED within 60 s')));
  }

  stopTimers() {
    for (const timer of [this.readyTimer, this.callTimer, this.planned]) clearTimeout(timer);
  }
}

// Runs one demo call; resolves true when it ended (DROPPED, or MakeCall refused), false otherwise.
export async function runCallDemo({ binaries, scenario, number, json }) {
  const demo = new CallDemo({ scenario, number, json });
  const workspace = await startWorkspace({
    binaries, plugins: ['webexcc-outbound'], stepMs: 400,
    outbound: { entryPointId: 'demo-entry-point', outdialAni: '1908603511' },
    onHostLine: (line, bus) => demo.hear(line, bus),
  });
  console.error(`wxcc-sim on ${workspace.simUrl}; plugin folder ${workspace.folder}/plugins; host log ${workspace.folder}/host.log`);
  demo.watch(workspace.exited);
  const failure = await demo.finished.then(() => undefined, (error) => error);
  demo.stopTimers();
  await workspace.stop();
  if (failure) {
    console.error(`demo: ${failure.message}`);
    process.stderr.write(workspace.hostLog());
  }
  return !failure;
}
