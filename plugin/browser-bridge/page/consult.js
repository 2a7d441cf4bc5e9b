// The consult / transfer dialog: a modal <dialog> (Escape closes it, the focus stays inside and goes
// back where it was) with tabs for the destination: Agents (GetBuddyAgents, each with its state; one
// not Available is marked and cannot be chosen), Queues (GetQueues, with a search), Dial number, and
// Entry point (GetEntryPoints; a consult only, Webex transfers to no entry point). Consult asks
// `Consult {callId, to, destinationType}`, Transfer (blind) `Transfer {...}` of the selected call's
// main call; what follows shows on the call's card as the plugin publishes it.

import { $, addError, errorOf, selectedCall, send, text } from './common.js';
import { consultControls, destinationNames, mainOf } from './call_model.js';
import { control } from './calls.js';

// Each tab: its destinationType, the radio group's name and where its choices go.
const TABS = {
  agents: { type: 'agent', choices: 'agent-choices' },
  queues: { type: 'queue', choices: 'queue-choices' },
  dial: { type: 'dialNumber' },
  entry: { type: 'entryPoint', choices: 'entry-choices' },
};
const TAB_ORDER = Object.keys(TABS);
const SEARCH_DELAY_MS = 300;

let current = 'agents';
let opener = null;
let searchTimer = null;
let rendered = () => {};

const showError = (message) => text($('consult-error'), message);

function selectTab(name, { focus = false } = {}) {
  current = name;
  for (const tab of TAB_ORDER) {
    const selected = tab === name;
    $(`tab-${tab}`).setAttribute('aria-selected', String(selected));
    $(`tab-${tab}`).tabIndex = selected ? 0 : -1;  // one tab stop for the tab list; arrows move in it
    $(`panel-${tab}`).hidden = !selected;
  }
  $('do-transfer').disabled = name === 'entry' || !consultControls(selectedCall()).transfer;
  showError('');
  if (focus) $(`tab-${name}`).focus();
}

function onTabKey(event) {
  const index = TAB_ORDER.indexOf(current);
  const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: TAB_ORDER.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  selectTab(TAB_ORDER[(next + TAB_ORDER.length) % TAB_ORDER.length], { focus: true });
}

// Radio choices: [{value, label, unavailable?}]; the ones unavailable are listed, marked, and off.
// A choice made stays made when the list comes again (a search, a late answer) and still holds it.
function fillChoices(tab, choices, emptyText) {
  const chosen = $(TABS[tab].choices).querySelector('input:checked')?.value;
  const items = choices.map((choice, index) => {
    const row = document.createElement('div');
    const input = document.createElement('input');
    Object.assign(input, { type: 'radio', name: tab, id: `${tab}-choice-${index}`, value: choice.value,
                           disabled: !!choice.unavailable, checked: choice.value === chosen && !choice.unavailable });
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.textContent = choice.label;
    row.append(input, label);
    return row;
  });
  if (items.length === 0) {
    const none = document.createElement('p');
    none.textContent = emptyText;
    items.push(none);
  }
  $(TABS[tab].choices).replaceChildren(...items);
}

const listOf = (message, key) => (Array.isArray(message[key]) ? message[key] : []).filter((item) => item && typeof item === 'object');

// Webexcc / Agent / BuddyAgents: {agents: [{agentId, name, state, teamId, dn}]} or an error.
export function onBuddyAgents(envelope) {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) return listError('agents', error);
  const agents = listOf(message, 'agents').filter((agent) => typeof agent.agentId === 'string');
  for (const agent of agents) destinationNames.set(agent.agentId, agent.name || agent.agentId);
  fillChoices('agents', agents.map((agent) => {
    const available = agent.state === 'Available';
    const state = typeof agent.state === 'string' ? agent.state : 'unknown';
    return { value: agent.agentId, label: `${agent.name || agent.agentId} — ${state}${available ? '' : ', not available'}`,
             unavailable: !available };
  }), 'No other agent of your team is signed in.');
  return undefined;
}

// Webexcc / Agent / Queues and EntryPoints: {items: [{id, name}]} or an error.
export const onNamedList = (tab, emptyText) => (envelope) => {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) return listError(tab, error);
  const items = listOf(message, 'items').filter((item) => typeof item.id === 'string');
  for (const item of items) destinationNames.set(item.id, item.name || item.id);
  fillChoices(tab, items.map((item) => ({ value: item.id, label: item.name || item.id })), emptyText);
  return undefined;
};

function listError(tab, error) {
  addError(error.code, error.message);
  fillChoices(tab, [], `Could not list them: ${error.code} ${error.message}`);
}

// Each opening asks again (the agents' states change), showing that it waits meanwhile.
function askLists() {
  for (const tab of ['agents', 'queues', 'entry']) {
    const waiting = document.createElement('p');
    waiting.textContent = 'Asking Webex…';
    $(TABS[tab].choices).replaceChildren(waiting);
  }
  $('queue-search').value = '';
  send('Agent', 'GetBuddyAgents', {});
  send('Agent', 'GetQueues', {});
  send('Agent', 'GetEntryPoints', {});
}

function searchQueues() {
  clearTimeout(searchTimer);
  const search = $('queue-search').value.trim();
  searchTimer = setTimeout(() => send('Agent', 'GetQueues', search ? { search } : {}), SEARCH_DELAY_MS);
}

// The destination the open tab names, or null (said in the dialog's alert).
function destination() {
  const { type } = TABS[current];
  if (current === 'dial') {
    const number = $('consult-number').value.trim();
    if (!number) { showError('Enter the number to call.'); $('consult-number').focus(); return null; }
    return { to: number, destinationType: type };
  }
  const chosen = $(TABS[current].choices).querySelector('input:checked');
  if (!chosen) { showError(`Choose ${{ agents: 'an agent', queues: 'a queue', entry: 'an entry point' }[current]} first.`); return null; }
  return { to: chosen.value, destinationType: type };
}

function act(subtopic) {
  const target = destination();
  if (!target) return;
  control(subtopic, target, { main: true });
  // A consult to a queue shows nothing until an agent of the queue takes it: End consult (which
  // cancels it) is offered from the ask on; the plugin's refusal takes it back.
  if (subtopic === 'Consult') mainOf(selectedCall()).consult ??= 'asked';
  $('consult-dialog').close();
  rendered();
}

// Opens the dialog for the selected call when Webex would take a consult or a transfer now.
export function openConsultDialog() {
  const call = selectedCall();
  const allowed = consultControls(call);
  if (!allowed.consult && !allowed.transfer) return false;
  opener = document.activeElement;
  text($('consult-call'), mainOf(call).number);
  $('do-consult').disabled = !allowed.consult;
  askLists();
  $('consult-dialog').showModal();
  selectTab(current, { focus: true });
  return true;
}

// Tab and Shift+Tab go round inside the dialog (the page behind is inert while it is open).
function trapFocus(event) {
  if (event.key !== 'Tab') return;
  const focusable = [...$('consult-dialog').querySelectorAll('button, input, [tabindex="0"]')]
    .filter((element) => !element.disabled && element.offsetParent !== null && element.tabIndex >= 0);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
  else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
}

// render: draws the page again (after a consult is asked).
export function wireConsultDialog(render) {
  rendered = render;
  $('open-consult').onclick = openConsultDialog;
  for (const tab of TAB_ORDER) {
    $(`tab-${tab}`).onclick = () => selectTab(tab, { focus: true });
    $(`tab-${tab}`).onkeydown = onTabKey;
  }
  $('queue-search').oninput = searchQueues;
  $('consult-number').onkeydown = (event) => { if (event.key === 'Enter') act('Consult'); };
  $('do-consult').onclick = () => act('Consult');
  $('do-transfer').onclick = () => act('Transfer');
  $('close-consult').onclick = () => $('consult-dialog').close();
  $('consult-dialog').onkeydown = trapFocus;
  $('consult-dialog').onclose = () => {
    // Back where the agent was; when that control has gone meanwhile (the call changed), to the calls.
    const back = opener && opener.isConnected && opener.offsetParent !== null && !opener.disabled ? opener : $('call-list');
    back.focus();
  };
}
