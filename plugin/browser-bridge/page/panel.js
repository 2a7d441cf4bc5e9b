// The agent panel: agent state, a call button, the live call and its controls, over the Workspace
// bus (workspace-bridge.js). Every text from the bus is written with textContent, never as HTML.

import { WorkspaceBridge } from './workspace-bridge.js';

const $ = (id) => document.getElementById(id);
const bridge = new WorkspaceBridge();
const FINAL_EVENT = 'DROPPED';  // every call ends with exactly one
let call = null;   // {id, startedAt, state, events: [], ended, topic}
let agentState = 'unknown';

function text(element, value) { element.textContent = value ?? ''; }

function addError(code, message) {
  const item = document.createElement('li');
  item.textContent = `${code}: ${message}`;
  $('errors').prepend(item);
  while ($('errors').children.length > 20) $('errors').lastChild.remove();
}

function render() {
  text($('agent-state'), agentState);
  const connected = bridge.connected;
  text($('connection'), connected ? 'connected' : 'disconnected');
  $('connection').className = `badge ${connected ? 'on' : 'off'}`;
  $('ready').disabled = !connected || agentState === 'Available';
  $('not-ready').disabled = !connected || agentState !== 'Available';
  $('call').disabled = !connected || agentState !== 'Available' || (call !== null && !call.ended);
  $('call-card').hidden = call === null;
  const live = connected && call !== null && !call.ended;  // no call: every control off
  const talking = live && call.answered && !call.afterCall && !call.held;
  $('end').disabled = !live || call.afterCall;
  $('hold').disabled = !talking;
  $('resume').disabled = !live || !call.held;
  $('pause-recording').disabled = !talking || !call.recording;
  $('resume-recording').disabled = !talking || call.recording;
  $('wrapup').disabled = !live || !call.afterCall;
  if (call === null) return;
  text($('call-kind'), call.kind);
  text($('call-number'), call.number);
  text($('call-state'), call.ended ? `${call.state} (ended)` : call.state);
}

function showEvent(entry) {
  const item = document.createElement('li');
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = `+${((entry.at - call.startedAt) / 1000).toFixed(1)} s`;
  item.append(time, `${entry.event}${entry.detail ? ` — ${entry.detail}` : ''}`);
  $('timeline').append(item);
}

function onCallMessage(envelope) {
  const message = envelope.message ?? {};
  if (message.source === 'error') return addError(message.error?.code ?? 'ERROR', message.error?.message ?? '');
  const event = message.call;
  if (!event || typeof event !== 'object') return;
  const fields = event.ResponseFields ?? {};
  const inbound = String(event.CallType).toLowerCase() === 'inbound';
  if (call === null || call.id !== event.id) {
    if (call !== null && !call.ended && event.event === FINAL_EVENT) return;  // the end of a call no longer shown
    call = { id: event.id, startedAt: Date.now(), state: '', answered: false, held: false, recording: false,
             afterCall: false, ended: false,
             kind: inbound ? 'inbound' : (fields.OutBoundType || 'outbound'), topic: inbound ? 'InboundCall' : 'OutboundCall' };
    $('timeline').replaceChildren();
  }
  call.number = inbound ? fields.fromAddress : fields.toAddress;
  call.state = fields.CallState ?? call.state;
  // Events, not CallState, say where the call is: Webex's state names differ between releases.
  if (['CustAnswered', 'eAgentContactAssigned'].includes(event.event)) call.answered = true;
  if (event.event === 'eAgentContactHeld') call.held = true;
  if (event.event === 'eAgentContactUnHeld') call.held = false;
  if (/recordingstarted|resumerecording/i.test(event.event)) call.recording = true;
  if (/pauserecording/i.test(event.event)) call.recording = false;
  if (event.event === 'acw') call.afterCall = true;
  if (event.event === FINAL_EVENT) call.ended = true;
  const detail = event.reason ? `${event.reason}${event.reasonCode !== undefined ? ` (${event.reasonCode})` : ''}` : '';
  showEvent({ at: Date.now(), event: event.event, detail });
  render();
}

function onAgent(envelope) {
  const message = envelope.message ?? {};
  if (message.error) return addError(message.error.code, message.error.message);
  if (message.agent?.state) agentState = message.agent.state;
  render();
}

function onStateSync(envelope) {
  const message = envelope.message ?? {};
  if (message.agent?.state) agentState = message.agent.state;
  if (!Array.isArray(message.calls)) return render();  // not a state answer (an error): nothing to compare
  // A call StateSync no longer lists ended while the page was not listening (disconnected, asleep):
  // its DROPPED never came, so its controls would act on a call that is gone. Off the screen.
  if (call !== null && !call.ended && !message.calls.some((listed) => listed?.id === call.id)) {
    call = null;
    $('timeline').replaceChildren();
  }
  const active = message.calls[0];
  if (active && (call === null || call.id !== active.id)) {
    call = { id: active.id, startedAt: Date.now(), state: active.CallState ?? '', recording: false,
             answered: !['eAgentOfferContact', 'connected', 'eAgentOfferCampaignReserved'].includes(active.event),
             held: active.event === 'eAgentContactHeld', afterCall: active.event === 'acw', ended: false, kind: active.OutBoundType || active.CallType || '',
             topic: String(active.CallType).toLowerCase() === 'inbound' ? 'InboundCall' : 'OutboundCall', number: '' };
    $('timeline').replaceChildren();
    showEvent({ at: Date.now(), event: active.event, detail: 'as the page loaded' });
  }
  render();
}

function send(topic, subtopic, data) {
  try {
    bridge.publish('Webexcc', topic, subtopic, data);
  } catch (error) {
    addError('NOT_CONNECTED', error.message);
  }
}
const control = (subtopic, extra = {}) => send(call.topic, subtopic, { callId: call.id, ...extra });

bridge.on('Webexcc', 'outbound', 'OutBoundCallStateChange', onCallMessage);
bridge.on('Webexcc', 'Inbound', 'InboundCallStateChange', onCallMessage);
for (const subtopic of ['AgentStateChange', 'SetReadyState', 'SetNotReadyState']) bridge.on('Webexcc', 'Agent', subtopic, onAgent);
for (const topic of ['App', 'Agent']) bridge.on('Webexcc', topic, 'StateSync', onStateSync);
bridge.on('Webexcc', 'Agent', 'AuthenticationRequired',
  (m) => addError('SIGN_IN_REQUIRED', `${m.message?.reason ?? ''} — run: ${m.message?.command ?? 'wxcc-login'}`));
bridge.on('Workspace', 'Bridge', 'Error', (m) => addError(m.message?.error?.code, m.message?.error?.message));
for (const subtopic of ['PluginRefused', 'InputError'])
  bridge.on('Workspace', 'Host', subtopic, (m) => addError(m.message?.error?.code, m.message?.error?.message));
bridge.onConnection((connected) => {
  if (connected) send('App', 'StateSync');
  render();
});

$('ready').onclick = () => send('Agent', 'SetReadyState');
$('not-ready').onclick = () => send('Agent', 'SetNotReadyState');
$('dial').onsubmit = (event) => {
  event.preventDefault();
  send('OutboundCall', 'MakeCall', $('number').value.trim());
};
$('end').onclick = () => control('Disconnect');
$('hold').onclick = () => control('SetHold');
$('resume').onclick = () => control('Resume');
$('pause-recording').onclick = () => control('PauseRecording');
$('resume-recording').onclick = () => control('ResumeRecording');
$('wrapup-form').onsubmit = (event) => {
  event.preventDefault();
  const extra = {};
  if ($('wrapup-code').value.trim()) extra.wrapup = $('wrapup-code').value.trim();
  if ($('wrapup-reason').value.trim()) extra.customwrapup = $('wrapup-reason').value.trim();
  send('Agent', 'WrapUpCall', { callId: call.id, ...extra });
};

setInterval(() => {
  if (call === null || call.ended) return;
  const seconds = Math.floor((Date.now() - call.startedAt) / 1000);
  text($('elapsed'), `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`);
}, 250);

render();
bridge.connect();
