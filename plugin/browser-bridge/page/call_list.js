// The list of the agent's calls: a listbox (one tab stop; Up / Down / Home / End choose, and the
// card follows the choice), each consult leg right under its main call. The selected option is
// `aria-selected` and the listbox's `aria-activedescendant`.

import { $, panel, text } from './common.js';
import { callLabel } from './call_model.js';

// Main calls in the order they came, each followed by its legs.
function listedCalls() {
  const calls = [...panel.calls.values()];
  const ordered = [];
  for (const call of calls.filter((c) => !c.parentId || !panel.calls.has(c.parentId))) {
    ordered.push(call, ...calls.filter((leg) => leg.parentId === call.id));
  }
  return ordered;
}

const optionId = (index) => `call-option-${index}`;

function stateOf(call) {
  if (call.ended) return 'ended';
  if (call.afterCall) return 'wrap-up';
  if (call.conference) return 'conference';
  if (call.held) return 'on hold';
  if (call.parentId) return call.answered ? 'consulting' : 'ringing';
  return call.answered ? 'connected' : 'ringing';
}

export function renderCallList() {
  const calls = listedCalls();
  $('calls-card').hidden = calls.length === 0;
  const options = calls.map((call, index) => {
    const option = document.createElement('li');
    option.id = optionId(index);
    option.setAttribute('role', 'option');
    option.dataset.callId = call.id;
    option.className = call.parentId ? 'leg' : '';
    const selected = call.id === panel.selectedId;
    option.setAttribute('aria-selected', String(selected));
    const label = document.createElement('span');
    label.textContent = callLabel(call);
    const state = document.createElement('span');
    state.className = 'call-state';
    state.textContent = ` — ${stateOf(call)}`;
    option.append(label, state);
    option.onclick = () => select(call.id);
    return option;
  });
  $('call-list').replaceChildren(...options);
  const index = calls.findIndex((call) => call.id === panel.selectedId);
  if (index >= 0) $('call-list').setAttribute('aria-activedescendant', optionId(index));
  else $('call-list').removeAttribute('aria-activedescendant');
  text($('calls-count'), calls.length === 1 ? '1 call' : `${calls.length} calls`);
}

let rendered = () => {};

function select(id) {
  if (!panel.calls.has(id) || id === panel.selectedId) return;
  panel.selectedId = id;  // screen readers say the option itself (aria-activedescendant)
  rendered();
}

function onListKey(event) {
  const calls = listedCalls();
  const index = calls.findIndex((call) => call.id === panel.selectedId);
  const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: calls.length - 1 }[event.key];
  if (next === undefined || event.altKey || event.ctrlKey || event.metaKey) return;
  event.preventDefault();
  const target = calls[Math.max(0, Math.min(calls.length - 1, next))];
  if (target) select(target.id);
}

// render: draws the whole page again after the choice changed.
export function wireCallList(render) {
  rendered = render;
  $('call-list').onkeydown = onListKey;
}
