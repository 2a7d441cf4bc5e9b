// The agent's calls as the panel follows them: each main call and each consult leg (a call of its
// own, `<main id>-consult-<n>`, naming its main call in `parentCallId`), the events each has seen,
// and which consult, transfer and conference controls Webex would take now. The rules mirror the
// plugin's checks (docs/message-contract.md, "Consult, transfer and conference"); the plugin checks
// again and refuses with a reason, so a page that guessed wrong only shows an error.

import { announce, panel } from './common.js';

export const FINAL_EVENT = 'DROPPED';  // every call and leg ends with exactly one
export const PREVIEW_EVENT = 'eAgentOfferCampaignReserved';

export function newCall(id, { inbound, kind, parentId = null, destinationType = '' }) {
  return {
    id, parentId, destinationType, kind, startedAt: Date.now(), timeline: [], state: '', number: '', ani: '',
    answered: false, held: false, recording: false, afterCall: false, ended: false, preview: false, accepting: false,
    autoWrapUpAt: null, topic: inbound ? 'InboundCall' : 'OutboundCall',
    // consult: this agent's consult on the call (null, 'asked', 'created', 'answered'); conference: in one;
    // consultOffered / consultAccepted: another agent's consult offered to this agent (AgentOfferConsult).
    consult: null, conference: false, consultOffered: false, consultAccepted: false,
  };
}

// What the agent hears of an event (polite); the other events only go to the timeline.
const NOTICES = {
  eAgentOfferContact: 'ringing', connected: 'offered', CustAnswered: 'connected', eAgentContactAssigned: 'connected',
  eAgentContactHeld: 'on hold', eAgentContactUnHeld: 'resumed', eAgentOfferConsult: 'a consult is offered to you',
  eAgentConsultCreated: 'consult ringing', eAgentConsulting: 'consult answered', eAgentConsultEnded: 'consult ended',
  eAgentConsultFailed: 'consult failed', eAgentCtqFailed: 'consult to the queue failed',
  eAgentConsultConferenced: 'in a conference', eParticipantLeftConference: 'a participant left the conference',
  eConsultTransfer: 'transferred', eAgentblindTransferred: 'transferred', eAgentvteamTransfer: 'transferred to the queue',
  eAgentConferenceTransferred: 'conference transferred', acw: 'in wrap-up', [FINAL_EVENT]: 'ended',
};

// Names of the consult destinations the picker listed (agent, queue and entry point ids), for the legs.
export const destinationNames = new Map();

export const callLabel = (call) => (call.parentId
  ? `Consult with ${destinationNames.get(call.number) ?? (call.number || call.destinationType)}`
  : `${call.kind || 'call'} ${call.number}`.trim());

// A consult leg's own events (eAgentConsultCreated, eAgentConsulting, its end) also tell its main call.
function applyLegEvent(leg, name) {
  const main = panel.calls.get(leg.parentId);
  if (name === 'eAgentConsultCreated' || name === 'eAgentConsulting') leg.answered ||= name === 'eAgentConsulting';
  if (!main) return;
  if (name === 'eAgentConsultCreated' && main.consult !== 'answered') main.consult = 'created';
  if (name === 'eAgentConsulting') main.consult = 'answered';
  if (name === FINAL_EVENT) main.consult = null;
}

const CONSULT_OVER = ['eAgentConsultEnded', 'eAgentConsultFailed', 'eAgentCtqFailed', 'eAgentCtqCancelled', 'eConsultTransfer'];

// The main call's consult, transfer and conference events.
function applyConsultEvent(call, name) {
  if (name === 'eAgentOfferConsult') call.consultOffered = true;
  if (name === 'eAgentConsultCreated') {
    if (call.consult !== 'answered') call.consult = 'created';
    call.held = true;  // Webex holds the customer for the consult, until Resume or a conference
  }
  if (name === 'eAgentConsulting') {
    if (call.consultOffered) Object.assign(call, { consultAccepted: true, answered: true });  // this agent joined
    else call.consult = 'answered';
  }
  if (CONSULT_OVER.includes(name)) call.consult = null;
  if (name === 'eAgentConsultConferenced' || name === 'eParticipantJoinedConference') {
    Object.assign(call, { conference: true, consult: null, held: false });
  }
  if (name === 'eParticipantLeftConference' || name === 'eAgentConsultConferenceEnded') call.conference = false;
}

// Events, not CallState, say where the call is: Webex's state names differ between releases.
export function applyEvent(call, name, message) {
  if (['CustAnswered', 'eAgentContactAssigned'].includes(name)) call.answered = true;
  if (name === 'eAgentContactHeld') call.held = true;
  if (name === 'eAgentContactUnHeld') call.held = false;
  if (/recordingstarted|resumerecording/i.test(name)) call.recording = true;
  if (/pauserecording/i.test(name)) call.recording = false;
  if (name === 'acw') call.afterCall = true;
  if (name === FINAL_EVENT) call.ended = true;
  if (call.parentId) applyLegEvent(call, name);
  else applyConsultEvent(call, name);
  if (NOTICES[name]) announce(`${callLabel(call)}: ${NOTICES[name]}`);
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

// The main call a call or leg belongs to (itself for a main call), or null.
export const mainOf = (call) => (call?.parentId ? panel.calls.get(call.parentId) ?? null : call);

const talking = (call) => call !== null && !call.ended && call.answered && !call.afterCall && !call.preview;

// Which of the consult, transfer and conference controls the selected call (or leg) offers now,
// from its main call's state: the plugin's checks, seen from the events.
export function consultControls(call) {
  const main = mainOf(call);
  const joinedAsConsult = main?.consultOffered === true;
  const free = talking(main) && !main.held && main.consult === null && !main.conference && !joinedAsConsult;
  return {
    consult: free,
    transfer: free,
    acceptConsult: main !== null && !main.ended && main.consultOffered && !main.consultAccepted,
    endConsult: talking(main) && (main.consult !== null || (joinedAsConsult && main.consultAccepted && !main.conference)),
    consultTransfer: talking(main) && main.consult === 'answered',
    conference: talking(main) && main.consult === 'answered',
    exitConference: talking(main) && main.conference,
    transferConference: talking(main) && main.conference && !joinedAsConsult,
  };
}
