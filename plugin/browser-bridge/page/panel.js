// The agent panel: signing in to a station, the agent state, a call button with a caller ID, the
// preview card, the agent's calls (several at once, consult legs under their call), the selected
// call's card, controls and timeline, consult / transfer / conference, wrap-up by name and auto
// wrap-up, over the Workspace bus (workspace-bridge.js). The session is session.js, the calls
// calls.js (call_model.js their state, call_list.js the list), the consult dialog consult.js, the
// keyboard shortcuts keys.js; this file listens to the bus and draws. The page only asks (requests
// with `data`): what it shows is what the plugin publishes.

import { $, addError, bridge, panel, selectedCall, send, text } from './common.js';
import { renderCallList, wireCallList } from './call_list.js';
import { consultControls } from './call_model.js';
import { callLive, onCallMessage, renderCalls, syncCalls, tickCalls, wireCalls } from './calls.js';
import { onBuddyAgents, onNamedList, wireConsultDialog } from './consult.js';
import { wireKeys } from './keys.js';
import {
  askProfile, onAgent, onProfile, onSessionAnswer, onSessionTakenOver, renderSession, takeAgent, tickSession, wireSession,
} from './session.js';

function render() {
  const connected = bridge.connected;
  text($('connection'), connected ? 'connected' : 'disconnected');
  $('connection').className = `badge ${connected ? 'on' : 'off'}`;
  const acting = connected && !panel.takenOver;  // another client holds the session: only Take over
  const focused = document.activeElement;
  renderSession(connected, acting, callLive());
  renderCallList();
  renderCalls(acting);
  const allowed = consultControls(selectedCall());
  if ($('consult-dialog').open && (!acting || (!allowed.consult && !allowed.transfer))) $('consult-dialog').close();
  keepFocus(focused);
}

// A control that goes away (hidden, or off) while it has the focus hands it to the list of calls,
// or to the number to call: the keyboard never falls back to the top of the page.
function keepFocus(focused) {
  if (!focused || focused === document.body || (!focused.disabled && focused.offsetParent !== null)) return;
  ($('calls-card').hidden ? $('number') : $('call-list')).focus();
}

// Handlers change the panel's state; the page is drawn again after each.
const drawing = (handler) => (envelope) => { handler(envelope); render(); };

function onStateSync(envelope) {
  const message = envelope.message ?? {};
  if (message.agent && typeof message.agent === 'object') takeAgent(message.agent);
  if (Array.isArray(message.calls)) syncCalls(message.calls);  // else not a state answer (an error)
}

const hostError = (m) => addError(m.message?.error?.code, m.message?.error?.message);

bridge.on('Webexcc', 'outbound', 'OutBoundCallStateChange', drawing(onCallMessage));
bridge.on('Webexcc', 'Inbound', 'InboundCallStateChange', drawing(onCallMessage));
for (const subtopic of ['AgentStateChange', 'SetReadyState', 'SetNotReadyState']) bridge.on('Webexcc', 'Agent', subtopic, drawing(onAgent));
for (const topic of ['App', 'Agent']) bridge.on('Webexcc', topic, 'StateSync', drawing(onStateSync));
bridge.on('Webexcc', 'Agent', 'GetAgentProfile', drawing(onProfile));
bridge.on('Webexcc', 'Agent', 'BuddyAgents', onBuddyAgents);
bridge.on('Webexcc', 'Agent', 'Queues', onNamedList('queues', 'No queue matches.'));
bridge.on('Webexcc', 'Agent', 'EntryPoints', onNamedList('entry', 'No entry point is configured.'));
bridge.on('Webexcc', 'Agent', 'SessionTakenOver', drawing(onSessionTakenOver));
bridge.on('Webexcc', 'Agent', 'StationLogin', drawing(onSessionAnswer(true)));
for (const subtopic of ['StationLogout', 'TakeOverSession']) bridge.on('Webexcc', 'Agent', subtopic, drawing(onSessionAnswer(false)));
bridge.on('Webexcc', 'Agent', 'AuthenticationRequired',
  (m) => addError('SIGN_IN_REQUIRED', `${m.message?.reason ?? ''} — run: ${m.message?.command ?? 'wxcc-login'}`));
bridge.on('Workspace', 'Bridge', 'Error', hostError);
for (const subtopic of ['PluginRefused', 'InputError']) bridge.on('Workspace', 'Host', subtopic, hostError);
bridge.onConnection((connected) => {
  if (connected) {
    send('App', 'StateSync');
    panel.profile = null;  // the plugin may have read it again meanwhile
    askProfile();
  }
  render();
});

wireSession();
wireCalls();
wireCallList(render);
wireConsultDialog(render);
wireKeys();
$('idle-code').onchange = render;  // Not Ready with another idle code

setInterval(() => { tickSession(); tickCalls(); }, 250);

render();
bridge.connect();
