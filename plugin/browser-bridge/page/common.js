// What the agent panel's modules share: the bridge, the panel's state, and small page helpers.
// Every text from the bus is written with textContent, never as HTML.

import { WorkspaceBridge } from './workspace-bridge.js';

export const $ = (id) => document.getElementById(id);
export const bridge = new WorkspaceBridge();

// agent: the last AgentStateChange's agent, plus `since` (when the page saw this state begin);
// profile: AgentProfile's profile (teams, idle and wrap-up codes, ANIs, dial plans, auto wrap-up);
// calls: the agent's calls and consult legs by id, in the order they came (call_model.js);
// selectedId: the call the card shows; takenOver: another client holds the agent's Webex session.
export const panel = {
  agent: { state: 'unknown', since: Date.now() }, profile: null, calls: new Map(), selectedId: null, takenOver: false,
};

// The call the card shows, or null.
export const selectedCall = () => panel.calls.get(panel.selectedId) ?? null;

export function text(element, value) { element.textContent = value ?? ''; }

export function addError(code, message) {
  const item = document.createElement('li');
  item.textContent = `${code}: ${message}`;
  $('errors').prepend(item);
  while ($('errors').children.length > 20) $('errors').lastChild.remove();
}

// A page may only ask: every request carries `data` (or nothing), never `message`.
export function send(topic, subtopic, data) {
  try {
    return bridge.publish('Webexcc', topic, subtopic, data);
  } catch (error) {
    addError('NOT_CONNECTED', error.message);
    return undefined;
  }
}

// Says `message` to screen readers (a polite live region), without moving the focus. What one bus
// message causes is said together (a state change and an auto wrap-up's countdown, say).
let pendingNotices = [];
export function announce(message) {
  if (pendingNotices.length === 0) queueMicrotask(() => { text($('announcer'), pendingNotices.join('. ')); pendingNotices = []; });
  pendingNotices.push(message);
}

// m:ss, for the time in state, the call's length and the auto wrap-up countdown.
export function clock(milliseconds) {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// Fills a <select> with {value, label} options, keeping the choice when it is still offered.
export function fillSelect(select, options, preferred = select.value) {
  const items = options.map(({ value, label }) => {
    const option = document.createElement('option');
    option.value = value;
    option.textContent = label;
    return option;
  });
  select.replaceChildren(...items);
  if (options.some((option) => option.value === preferred)) select.value = preferred;
}

// The profile's {id, name} list, as options (an entry that is not an object with a string id is skipped).
export const namedOptions = (list) => (Array.isArray(list) ? list : [])
  .filter((item) => item && typeof item.id === 'string')
  .map((item) => ({ value: item.id, label: typeof item.name === 'string' && item.name ? item.name : item.id }));

// The error a Webex CC message carries ({source: "error", error: {type, code, message}}), or null.
export const errorOf = (message) => (message?.source === 'error' || message?.error
  ? { type: message.error?.type ?? '', code: message.error?.code ?? 'ERROR', message: message.error?.message ?? '' } : null);
