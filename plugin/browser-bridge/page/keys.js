// The panel's keyboard shortcuts, Alt+Shift+letter: browsers and screen readers leave these alone
// (Alt+letter opens browser menus, NVDA and JAWS use Insert / Caps Lock, VoiceOver Control+Option).
// Each is named on its controls (`aria-keyshortcuts`) and listed on the page ("Keyboard").
// A shortcut whose control is off now says so (polite) instead of doing nothing in silence.

import { $, announce } from './common.js';

// letter, what it does, its controls (the first usable one acts), and whether it presses or focuses it.
const SHORTCUTS = [
  ['C', 'Call a customer (to the number)', ['number'], 'focus'],
  ['L', 'Your calls (then Up and Down)', ['call-list'], 'focus'],
  ['E', 'End the call', ['end'], 'press'],
  ['H', 'Hold or resume', ['hold', 'resume'], 'press'],
  ['T', 'Consult or transfer…', ['open-consult'], 'press'],
  ['W', 'Wrap up', ['wrapup'], 'press'],
];

const usable = (element) => !element.disabled && element.offsetParent !== null;

function onKey(event) {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey || $('consult-dialog').open) return;
  // KeyboardEvent.code names the key whatever the layout makes of Alt+Shift+letter.
  const shortcut = SHORTCUTS.find(([letter]) => event.code === `Key${letter}`);
  if (!shortcut) return;
  event.preventDefault();
  const [, what, ids, how] = shortcut;
  const element = ids.map((id) => $(id)).find(usable);
  if (!element) announce(`${what}: not available now`);
  else if (how === 'focus') element.focus();
  else element.click();
}

const kbd = (key) => Object.assign(document.createElement('kbd'), { textContent: key });

function listShortcuts() {
  const rows = [...SHORTCUTS.map(([letter, what]) => [['Alt', 'Shift', letter], what]),
                [['Escape'], 'Close the consult or transfer dialog']];
  $('shortcuts').replaceChildren(...rows.flatMap(([keys, what]) => {
    const term = document.createElement('dt');
    keys.forEach((key, index) => term.append(...(index ? ['+'] : []), kbd(key)));
    return [term, Object.assign(document.createElement('dd'), { textContent: what })];
  }));
}

export function wireKeys() {
  for (const [letter, , ids] of SHORTCUTS) for (const id of ids) $(id).setAttribute('aria-keyshortcuts', `Alt+Shift+${letter}`);
  listShortcuts();
  document.addEventListener('keydown', onKey);
}
