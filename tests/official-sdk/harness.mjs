// What the official SDK test files share: the processes they start (wxcc-sim over TLS, the cloud
// stand-in, the SDK signed in), waiting for the SDK's events, and the wrap-up as the SDK does it.

import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { ACCESS_TOKEN, startCloud, startSim } from './cloud.mjs';
import { signedInWebex } from './sdk.mjs';

export const STEP_MS = 60;

// wxcc-sim (fast steps, keepalives every 500 ms), the cloud stand-in naming it, then the SDK signed
// in (not yet registered: register() reads the profile the simulator serves then).
export async function startAll() {
  const binary = process.env.WXCC_SIM;
  assert.ok(binary, 'WXCC_SIM names the wxcc-sim binary');
  const sim = await startSim(binary, ['--step-ms', String(STEP_MS), '--keepalive-ms', '500']);
  const cloud = await startCloud(sim.url);
  const webex = await signedInWebex({ u2c: cloud.u2c, accessToken: ACCESS_TOKEN, logLevel: process.env.SDK_LOG ?? 'error' });
  const stop = () => {
    webex.cc?.services?.webSocketManager?.close(false, 'test over');
    sim.stop();
    cloud.stop();
  };
  return { sim, cloud, cc: webex.cc, stop };
}

// The first `event` the emitter emits within `ms` (the SDK's plugin and its tasks are emitters).
export function nextEvent(emitter, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (payload) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

export const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Every event named in `events` the emitter emits from now on, in order (to say what did not happen).
export function recordEvents(emitter, events) {
  const seen = [];
  for (const event of events) emitter.on(event, () => seen.push(event));
  return seen;
}

export async function wrapUp(task, code) {
  const wrappedUp = nextEvent(task, 'task:wrappedup');
  await task.wrapup({ wrapUpReason: code.name, auxCodeId: code.id });
  await wrappedUp;
}

// The agent ends a connected call (task.end() resolves on AgentWrapup), then wraps it up by code.
export async function endAndWrapUp(task, code) {
  const ended = nextEvent(task, 'task:end');
  await task.end();
  await ended;
  await wrapUp(task, code);
}

// Another desktop of the same agent, as the SDK opens one: its subscribe (cc.ts getConnectionConfig),
// then its notification socket.
export async function secondSession(simUrl) {
  const response = await fetch(`${simUrl}/v1/notification/subscribe`, { method: 'POST',
    headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ force: true, isKeepAliveEnabled: false, clientType: 'WebexCCSDK', allowMultiLogin: false }) });
  assert.equal(response.status, 200, 'the second subscribe is accepted');
  const socket = new WebSocket((await response.json()).webSocketUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  return socket;
}
