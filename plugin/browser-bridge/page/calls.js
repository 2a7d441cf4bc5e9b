// The calls on the panel: dialling with a caller ID, the preview card and its accept, the agent's
// calls and consult legs as they come (call_model.js), the selected call's card with its controls
// and timeline, wrap-up by code name and the auto wrap-up countdown with its cancel.

import { $, addError, clock, errorOf, panel, selectedCall, send, text } from './common.js';
import {
  FINAL_EVENT, PREVIEW_EVENT, applyEvent, callLabel, consultControls, mainOf, newCall,
} from './call_model.js';

function resetWrapUpCode() {
  const defaultCode = panel.profile?.defaultWrapUpCode?.id;
  if (defaultCode && [...$('wrapup-code').options].some((option) => option.value === defaultCode)) {
    $('wrapup-code').value = defaultCode;  // each call starts from the profile's default code
  }
}

// A new main call takes the place of the calls that are over (and their legs).
function forgetEndedCalls() {
  const over = [...panel.calls.values()].filter((call) => call.ended && !call.parentId).map((call) => call.id);
  for (const call of [...panel.calls.values()]) {
    if (over.includes(call.id) || over.includes(call.parentId)) panel.calls.delete(call.id);
  }
}

// Adds the call the event names; shows it when the card shows nothing live (a leg: its main call stays shown).
function addCall(id, { inbound, kind, parentId, destinationType }) {
  if (!parentId) forgetEndedCalls();
  const call = newCall(id, { inbound, kind, parentId, destinationType });
  panel.calls.set(id, call);
  const shown = selectedCall();
  if (shown === null || (shown.ended && !parentId)) {
    panel.selectedId = id;
    resetWrapUpCode();
  }
  return call;
}

// OutBoundCallStateChange and InboundCallStateChange: {call} (a main call or a consult leg) or an error.
export function onCallMessage(envelope) {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) {
    const refused = panel.calls.get(message.callId);
    if (refused?.consult === 'asked' && /^(set)?consult$/i.test(message.request ?? '')) refused.consult = null;
    return addError(error.code, error.message);
  }
  const event = message.call;
  if (!event || typeof event !== 'object' || typeof event.id !== 'string') return undefined;
  const fields = event.ResponseFields ?? {};
  const inbound = String(event.CallType).toLowerCase() === 'inbound';
  let call = panel.calls.get(event.id);
  if (!call) {
    if (event.event === FINAL_EVENT) return undefined;  // a call no longer shown
    const parentId = typeof event.parentCallId === 'string' && event.parentCallId ? event.parentCallId : null;
    call = addCall(event.id, { inbound, kind: inbound ? 'inbound' : (fields.OutBoundType || 'outbound'),
                               parentId, destinationType: typeof event.destinationType === 'string' ? event.destinationType : '' });
  }
  call.number = (inbound && !call.parentId ? fields.fromAddress : fields.toAddress) ?? call.number;
  if (!call.parentId) call.ani = inbound ? '' : fields.fromAddress;  // the caller ID the customer sees
  call.state = fields.CallState ?? call.state;
  applyEvent(call, event.event, message);
  const detail = event.reason ? `${event.reason}${event.reasonCode !== undefined ? ` (${event.reasonCode})` : ''}` : '';
  call.timeline.push({ at: Date.now(), event: event.event, detail });
  return undefined;
}

// The calls StateSync lists, as the page (re)loads.
export function syncCalls(calls) {
  // A call StateSync no longer lists ended while the page was not listening (disconnected, asleep):
  // its DROPPED never came, so its controls would act on a call that is gone. Off the screen.
  const listed = new Set(calls.map((entry) => entry?.id));
  for (const call of [...panel.calls.values()]) if (!call.ended && !listed.has(call.id)) panel.calls.delete(call.id);
  for (const entry of calls) {
    if (!entry || typeof entry.id !== 'string' || panel.calls.has(entry.id)) continue;
    const inbound = String(entry.CallType).toLowerCase() === 'inbound';
    const call = addCall(entry.id, { inbound, kind: entry.OutBoundType || entry.CallType || '',
                                     parentId: entry.parentCallId || null, destinationType: entry.destinationType || '' });
    Object.assign(call, {
      state: entry.CallState ?? '', preview: entry.event === PREVIEW_EVENT, held: entry.event === 'eAgentContactHeld',
      answered: !['eAgentOfferContact', 'connected', PREVIEW_EVENT].includes(entry.event), afterCall: entry.event === 'acw',
    });
    applyEvent(call, entry.event, {});  // its consult or conference (a leg's: its main call's), said again
    call.timeline.push({ at: Date.now(), event: entry.event, detail: 'as the page loaded' });
  }
  if (!panel.calls.has(panel.selectedId)) panel.selectedId = panel.calls.keys().next().value ?? null;
}

// A control of the selected call; consult, transfer and conference act on its main call.
export function control(subtopic, extra = {}, { main = false } = {}) {
  const call = main ? mainOf(selectedCall()) : selectedCall();
  if (call) send(call.topic, subtopic, { callId: call.id, ...extra });
}

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

// The buttons that act on the selected call's consult, transfer or conference, and their requests.
const CONSULT_BUTTONS = {
  'accept-consult': ['acceptConsult', 'AcceptConsult'], 'end-consult': ['endConsult', 'ConsultDrop'],
  'consult-transfer': ['consultTransfer', 'ConsultTransfer'], conference: ['conference', 'Conference'],
  'exit-conference': ['exitConference', 'ExitConference'], 'transfer-conference': ['transferConference', 'ConferenceTransfer'],
};

export function wireCalls() {
  $('dial').onsubmit = dial;
  $('accept-preview').onclick = () => {
    selectedCall().accepting = true;
    send('OutboundCall', 'MakeCall', { callId: panel.selectedId });  // no number: accept the reservation
    renderCalls(true);
  };
  $('end').onclick = () => control('Disconnect');
  $('hold').onclick = () => control('SetHold');
  $('resume').onclick = () => control('Resume');
  $('pause-recording').onclick = () => control('PauseRecording');
  $('resume-recording').onclick = () => control('ResumeRecording');
  $('cancel-auto-wrapup').onclick = () => control('CancelAutoWrapUp');
  $('wrapup-form').onsubmit = wrapUp;
  for (const [id, [, subtopic]] of Object.entries(CONSULT_BUTTONS)) $(id).onclick = () => control(subtopic, {}, { main: true });
}

// Whether any call is not over yet (Sign out waits for it, a new call too).
export const callLive = () => [...panel.calls.values()].some((call) => !call.ended);

function renderControls(call, live) {
  const main = !call.parentId;
  const talking = live && main && call.answered && !call.afterCall && !call.held;
  $('end').disabled = !live || !main || call.afterCall;
  $('hold').disabled = !talking || call.consult !== null;
  $('resume').disabled = !live || !main || !call.held || call.consult !== null;
  $('pause-recording').disabled = !talking || !call.recording;
  $('resume-recording').disabled = !talking || call.recording;
  $('wrapup').disabled = !live || !call.afterCall;
  // Shown only when Webex would take them (the plugin's checks, from the events seen).
  const allowed = live ? consultControls(call) : {};
  $('open-consult').hidden = !allowed.consult && !allowed.transfer;
  for (const [id, [rule]] of Object.entries(CONSULT_BUTTONS)) $(id).hidden = !allowed[rule];
}

function renderTimeline(call) {
  const items = call.timeline.map((entry) => {
    const item = document.createElement('li');
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = `+${((entry.at - call.startedAt) / 1000).toFixed(1)} s`;
    item.append(time, `${entry.event}${entry.detail ? ` — ${entry.detail}` : ''}`);
    return item;
  });
  $('timeline').replaceChildren(...items);
}

export function renderCalls(connected) {
  const { agent } = panel;
  const call = selectedCall();
  $('dial-card').hidden = agent.loggedIn === false;
  $('call').disabled = !connected || agent.state !== 'Available' || callLive();
  const live = connected && call !== null && !call.ended;  // no call: every control off
  $('preview-card').hidden = call === null || call.ended || !call.preview;
  $('accept-preview').disabled = !live || !call.preview || call.accepting;
  $('call-card').hidden = call === null || call.preview;
  if (call === null) return renderControls({ parentId: 'none' }, false);
  renderControls(call, live);
  // A leg is the consult's: its card offers the consult's controls, not the customer call's.
  for (const part of [$('call-controls'), $('wrapup-form')]) part.hidden = call.parentId !== null;
  text($('call-title'), call.parentId ? `Consult leg (${call.destinationType || 'consult'})` : `Call ${call.kind}`);
  text($('call-number'), call.parentId ? callLabel(call).replace(/^Consult with /, '') : call.number);
  text($('call-ani'), call.parentId ? callLabel(panel.calls.get(call.parentId) ?? { kind: 'call', number: '' }) : call.ani);
  $('call-ani-label').textContent = call.parentId ? 'Consult of' : 'Caller ID';
  text($('call-state'), call.ended ? `${call.state} (ended)` : call.state);
  text($('preview-number'), call.number);
  renderTimeline(call);
  renderAutoWrapUp(live);
  tickCalls();
  return undefined;
}

function renderAutoWrapUp(live) {
  const armed = live && selectedCall().autoWrapUpAt !== null;
  $('auto-wrapup').hidden = !armed;
  // Only the profile says whether the agent may stop it (profile.autoWrapUp.cancellable).
  $('cancel-auto-wrapup').hidden = !armed || panel.profile?.autoWrapUp?.cancellable !== true;
  const code = panel.profile?.defaultWrapUpCode?.name;
  text($('auto-wrapup-code'), code ? ` with “${code}”` : '');
}

export function tickCalls() {
  const call = selectedCall();
  if (call === null || call.ended) return;
  text($('elapsed'), clock(Date.now() - call.startedAt));
  if (call.autoWrapUpAt !== null) text($('auto-wrapup-left'), clock(call.autoWrapUpAt - Date.now()));
}
