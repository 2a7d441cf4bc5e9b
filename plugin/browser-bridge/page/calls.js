// The calls on the panel: dialling with a caller ID, the preview card and its accept, the live
// call and its controls, wrap-up by code name and the auto wrap-up countdown with its cancel.

import { $, addError, announce, clock, errorOf, panel, send, text } from './common.js';

const FINAL_EVENT = 'DROPPED';  // every call ends with exactly one
const PREVIEW_EVENT = 'eAgentOfferCampaignReserved';

function newCall(id, { inbound, kind }) {
  $('timeline').replaceChildren();
  const defaultCode = panel.profile?.defaultWrapUpCode?.id;
  if (defaultCode && [...$('wrapup-code').options].some((option) => option.value === defaultCode)) {
    $('wrapup-code').value = defaultCode;  // each call starts from the profile's default code
  }
  return { id, startedAt: Date.now(), state: '', number: '', ani: '', answered: false, held: false, recording: false,
           afterCall: false, ended: false, preview: false, accepting: false, autoWrapUpAt: null, kind,
           topic: inbound ? 'InboundCall' : 'OutboundCall' };
}

function showEvent(entry) {
  const item = document.createElement('li');
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = `+${((entry.at - panel.call.startedAt) / 1000).toFixed(1)} s`;
  item.append(time, `${entry.event}${entry.detail ? ` — ${entry.detail}` : ''}`);
  $('timeline').append(item);
}

// Events, not CallState, say where the call is: Webex's state names differ between releases.
function applyEvent(call, name, message) {
  if (['CustAnswered', 'eAgentContactAssigned'].includes(name)) call.answered = true;
  if (name === 'eAgentContactHeld') call.held = true;
  if (name === 'eAgentContactUnHeld') call.held = false;
  if (/recordingstarted|resumerecording/i.test(name)) call.recording = true;
  if (/pauserecording/i.test(name)) call.recording = false;
  if (name === 'acw') call.afterCall = true;
  if (name === FINAL_EVENT) call.ended = true;
  if (name === PREVIEW_EVENT && !call.preview) announce('A preview contact is offered');
  call.preview = name === PREVIEW_EVENT;
  if (!call.preview) call.accepting = false;
  // acw carries autoWrapUpAt while the plugin's auto wrap-up is armed; the events after it
  // (eAutoWrapUpCancelled, DROPPED) do not.
  const at = Number.isFinite(message.autoWrapUpAt) ? message.autoWrapUpAt : null;
  if (at !== null && call.autoWrapUpAt === null) {
    announce(`The call will be wrapped up automatically in ${Math.max(0, Math.round((at - Date.now()) / 1000))} seconds`);
  }
  if (name === 'eAutoWrapUpCancelled') announce('Auto wrap-up cancelled: wrap up the call yourself');
  call.autoWrapUpAt = at;
}

// OutBoundCallStateChange and InboundCallStateChange: {call} or an error.
export function onCallMessage(envelope) {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) return addError(error.code, error.message);
  const event = message.call;
  if (!event || typeof event !== 'object') return undefined;
  const fields = event.ResponseFields ?? {};
  const inbound = String(event.CallType).toLowerCase() === 'inbound';
  if (panel.call === null || panel.call.id !== event.id) {
    if (panel.call !== null && !panel.call.ended && event.event === FINAL_EVENT) return undefined;  // a call no longer shown
    panel.call = newCall(event.id, { inbound, kind: inbound ? 'inbound' : (fields.OutBoundType || 'outbound') });
  }
  const { call } = panel;
  call.number = inbound ? fields.fromAddress : fields.toAddress;
  call.ani = inbound ? '' : fields.fromAddress;  // the caller ID the customer sees
  call.state = fields.CallState ?? call.state;
  applyEvent(call, event.event, message);
  const detail = event.reason ? `${event.reason}${event.reasonCode !== undefined ? ` (${event.reasonCode})` : ''}` : '';
  showEvent({ at: Date.now(), event: event.event, detail });
  return undefined;
}

// The calls StateSync lists, as the page (re)loads.
export function syncCalls(calls) {
  // A call StateSync no longer lists ended while the page was not listening (disconnected, asleep):
  // its DROPPED never came, so its controls would act on a call that is gone. Off the screen.
  const { call } = panel;
  if (call !== null && !call.ended && !calls.some((listed) => listed?.id === call.id)) {
    panel.call = null;
    $('timeline').replaceChildren();
  }
  const active = calls[0];
  if (!active || (panel.call !== null && panel.call.id === active.id)) return;
  const inbound = String(active.CallType).toLowerCase() === 'inbound';
  panel.call = newCall(active.id, { inbound, kind: active.OutBoundType || active.CallType || '' });
  Object.assign(panel.call, {
    state: active.CallState ?? '', preview: active.event === PREVIEW_EVENT, held: active.event === 'eAgentContactHeld',
    answered: !['eAgentOfferContact', 'connected', PREVIEW_EVENT].includes(active.event), afterCall: active.event === 'acw',
  });
  showEvent({ at: Date.now(), event: active.event, detail: 'as the page loaded' });
}

const control = (subtopic, extra = {}) => send(panel.call.topic, subtopic, { callId: panel.call.id, ...extra });

function dial(event) {
  event.preventDefault();
  const toAddress = $('number').value.trim();
  const ani = $('caller-id').value;
  // The seed's string form unless a caller ID is chosen: then the object form, {toAddress, ani}.
  send('OutboundCall', 'MakeCall', ani ? { toAddress, ani } : toAddress);
}

function wrapUp(event) {
  event.preventDefault();
  const extra = {};
  if ($('wrapup-code').value) extra.wrapup = $('wrapup-code').value;  // the code's id; Webex gets its name
  if ($('wrapup-reason').value.trim()) extra.customwrapup = $('wrapup-reason').value.trim();
  control('WrapUpCall', extra);
}

export function wireCalls() {
  $('dial').onsubmit = dial;
  $('accept-preview').onclick = () => {
    panel.call.accepting = true;
    send('OutboundCall', 'MakeCall', { callId: panel.call.id });  // no number: accept the reservation
    renderCalls(true);
  };
  $('end').onclick = () => control('Disconnect');
  $('hold').onclick = () => control('SetHold');
  $('resume').onclick = () => control('Resume');
  $('pause-recording').onclick = () => control('PauseRecording');
  $('resume-recording').onclick = () => control('ResumeRecording');
  $('cancel-auto-wrapup').onclick = () => control('CancelAutoWrapUp');
  $('wrapup-form').onsubmit = wrapUp;
}

export const callLive = () => panel.call !== null && !panel.call.ended;

export function renderCalls(connected) {
  const { call, agent } = panel;
  const signedOut = agent.loggedIn === false;
  $('dial-card').hidden = signedOut;
  $('call').disabled = !connected || agent.state !== 'Available' || callLive();
  const previewing = connected && callLive() && call.preview;
  $('preview-card').hidden = !callLive() || !call.preview;
  $('accept-preview').disabled = !previewing || call.accepting;
  $('call-card').hidden = call === null || call.preview;
  const live = connected && callLive();  // no call: every control off
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
  text($('call-ani'), call.ani);
  text($('call-state'), call.ended ? `${call.state} (ended)` : call.state);
  text($('preview-number'), call.number);
  renderAutoWrapUp(live);
  tickCalls();
}

function renderAutoWrapUp(live) {
  const armed = live && panel.call.autoWrapUpAt !== null;
  $('auto-wrapup').hidden = !armed;
  // Only the profile says whether the agent may stop it (profile.autoWrapUp.cancellable).
  $('cancel-auto-wrapup').hidden = !armed || panel.profile?.autoWrapUp?.cancellable !== true;
  const code = panel.profile?.defaultWrapUpCode?.name;
  text($('auto-wrapup-code'), code ? ` with “${code}”` : '');
}

export function tickCalls() {
  const { call } = panel;
  if (call === null || call.ended) return;
  text($('elapsed'), clock(Date.now() - call.startedAt));
  if (call.autoWrapUpAt !== null) text($('auto-wrapup-left'), clock(call.autoWrapUpAt - Date.now()));
}
