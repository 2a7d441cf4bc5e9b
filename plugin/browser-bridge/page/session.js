// The agent's session on the panel: the profile, signing in to a station and out, the agent state
// with its idle code's name and time in state, Ready / Not Ready, and the "session taken over"
// banner. The plugin decides; the page asks (topic Agent) and shows what AgentStateChange says.

import { $, addError, announce, clock, errorOf, fillSelect, namedOptions, panel, send, text } from './common.js';

// The SDK's fallback when the profile has no dial plan (a US/Canada number, services/core/Utils.ts).
const FALLBACK_DIAL_PLAN = '1[0-9]{3}[2-9][0-9]{6}([,]{1,10}[0-9]+){0,1}';

// Whether the profile's dial plans accept an AGENT_DN dial number: any plan's regex found in it, as
// the SDK and the plugin check (the plugin checks again). A plan that does not compile accepts nothing.
export function dialNumberAllowed(plans, number) {
  if (!number || number.length > 64) return false;
  const patterns = (Array.isArray(plans) ? plans : []).map((plan) => (typeof plan === 'string' ? plan : plan?.regex))
    .filter((pattern) => typeof pattern === 'string');
  const found = (pattern) => { try { return new RegExp(pattern).test(number); } catch { return false; } };
  return patterns.length === 0 ? found(FALLBACK_DIAL_PLAN) : patterns.some(found);
}

// The phones a station may use from here (BROWSER needs Webex Calling in the page, out of reach).
const LOGIN_OPTIONS = [{ value: 'EXTENSION', label: 'Extension' }, { value: 'AGENT_DN', label: 'Dial number' }];

export function askProfile() {
  if (panel.profile === null) send('Agent', 'GetAgentProfile');
}

// GetAgentProfile's answer: {source: "event", profile} or an error.
export function onProfile(envelope) {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) return addError(error.code, error.message);
  if (!message.profile || typeof message.profile !== 'object') return undefined;
  panel.profile = message.profile;
  fillSelect($('team'), namedOptions(panel.profile.teams), panel.agent.teamId);
  fillSelect($('login-option'), LOGIN_OPTIONS.filter((option) => !Array.isArray(panel.profile.loginOptions)
    || panel.profile.loginOptions.includes(option.value)));
  fillSelect($('idle-code'), namedOptions(panel.profile.idleCodes));
  const anis = (Array.isArray(panel.profile.outdialAnis) ? panel.profile.outdialAnis : [])
    .filter((ani) => typeof ani?.number === 'string')
    .map((ani) => ({ value: ani.number, label: ani.name ? `${ani.name} (${ani.number})` : ani.number }));
  fillSelect($('caller-id'), [{ value: '', label: 'The default caller ID' }, ...anis]);
  const defaultCode = panel.profile.defaultWrapUpCode?.id;
  fillSelect($('wrapup-code'), namedOptions(panel.profile.wrapUpCodes), defaultCode);
  return undefined;
}

// The idle code's name as AgentStateChange gives it, else as the profile names its id.
const idleCodeName = (agent) => agent.idleCode?.name
  || namedOptions(panel.profile?.idleCodes).find((code) => code.value === agent.auxCodeId)?.label || '';

// AgentStateChange, and the answers on SetReadyState / SetNotReadyState.
export function onAgent(envelope) {
  const message = envelope.message ?? {};
  const error = errorOf(message);
  if (error) return addError(error.code, error.message);
  if (message.agent && typeof message.agent === 'object') takeAgent(message.agent);
  return undefined;
}

export function takeAgent(agent) {
  const before = panel.agent;
  const changed = agent.state !== before.state || idleCodeName(agent) !== idleCodeName(before);
  panel.agent = { ...agent, since: changed ? Date.now() : before.since };
  if (agent.session === 'takenOver' && !panel.takenOver) showTakenOver('');
  if (agent.session === 'active' && panel.takenOver) {
    panel.takenOver = false;
    announce('Your session is back on this panel');
  }
  if (agent.loggedIn === false && before.loggedIn !== false) announce('Signed out of the station');
  askProfile();  // the plugin may have read the profile since the first ask
}

function showTakenOver(reason) {
  panel.takenOver = true;
  text($('takeover-reason'), reason);
}

// Webexcc / Agent / SessionTakenOver: another client (the Agent Desktop, another tab) took the session.
export function onSessionTakenOver(envelope) {
  showTakenOver(typeof envelope.message?.reason === 'string' ? envelope.message.reason : '');
}

// The answers on StationLogin, StationLogout and TakeOverSession's own keys: errors (success is
// the AgentStateChange that follows).
export const onSessionAnswer = (signingIn) => (envelope) => {
  const error = errorOf(envelope.message);
  if (!error) return;
  addError(error.code, error.message);
  if (signingIn) showSignInError(`${error.type || 'STATION_LOGIN_FAILED'} (${error.code}): ${error.message}`);
};

function showSignInError(message) {
  text($('sign-in-error'), message);
  $('dial-number').setAttribute('aria-invalid', message ? 'true' : 'false');
}

function signIn(event) {
  event.preventDefault();
  const loginOption = $('login-option').value;
  const dialNumber = $('dial-number').value.trim();
  if (!$('team').value) return showSignInError('Choose a team (the profile has not arrived yet).');
  if (!dialNumber) return showSignInError('Enter the extension or dial number of your phone.');
  if (loginOption === 'AGENT_DN' && !dialNumberAllowed(panel.profile?.dialPlans, dialNumber))
    return showSignInError(`${dialNumber} is not a number your profile's dial plans allow.`);
  showSignInError('');
  send('Agent', 'StationLogin', { teamId: $('team').value, loginOption, dialNumber });
  return undefined;
}

export function wireSession() {
  $('sign-in').onsubmit = signIn;
  $('sign-out').onclick = () => send('Agent', 'StationLogout');
  $('take-over').onclick = () => send('Agent', 'TakeOverSession');
  $('ready').onclick = () => send('Agent', 'SetReadyState');
  $('not-ready').onclick = () => send('Agent', 'SetNotReadyState', $('idle-code').value ? { auxCodeId: $('idle-code').value } : undefined);
}

// connected: the bus is up; acting: and the session is this panel's (while another client holds it,
// requests would go out with no notification coming back: only Take over is offered).
export function renderSession(connected, acting, callLive) {
  const { agent } = panel;
  const signedOut = agent.loggedIn === false;
  $('takeover-banner').hidden = !panel.takenOver;
  $('take-over').disabled = !connected;
  $('sign-in-card').hidden = !signedOut;
  $('sign-in-button').disabled = !acting;
  $('agent-controls').hidden = signedOut;
  text($('agent-state'), signedOut ? 'Signed out' : agent.state);
  const idle = !signedOut && agent.state !== 'Available' ? idleCodeName(agent) : '';
  text($('agent-idle-code'), idle ? `(${idle})` : '');
  const station = [agent.teamName, agent.dialNumber].filter((part) => typeof part === 'string' && part).join(' · ');
  text($('station'), signedOut || !station ? '' : `Station: ${station}`);
  $('ready').disabled = !acting || agent.state === 'Available';
  $('not-ready').disabled = !acting || (agent.state !== 'Available' && !$('idle-code').value);
  $('sign-out').disabled = !acting || callLive;
  tickSession();
}

export function tickSession() {
  text($('state-time'), clock(Date.now() - panel.agent.since));
}
