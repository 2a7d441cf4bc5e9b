// workspace-bridge.js: the Workspace bus in a web page, through the browser-bridge plugin.
//
//   import { WorkspaceBridge } from 'http://127.0.0.1:8750/workspace-bridge.js';
//   const bridge = new WorkspaceBridge('ws://127.0.0.1:8750/bus');
//   bridge.on('Webexcc', 'outbound', 'OutBoundCallStateChange', (message) => show(message.message.call));
//   bridge.onConnection((connected) => connected && bridge.publish('Webexcc', 'App', 'StateSync'));
//   bridge.connect();
//   bridge.publish('Webexcc', 'OutboundCall', 'MakeCall', '917702779401');   // returns its requestId
//
// Messages are the bus's own JSON objects, {channel, topic, subtopic, data | message}. Routing names
// match case-insensitively, as on the bus. The bridge refuses what its configuration does not let
// pages publish with a Workspace / Bridge / Error message (subscribe to it like any other).
// The connection comes back by itself, after 0.5 s, then up to 10 s between attempts. connect()
// is idempotent: while connected or connecting it does nothing (one socket per bridge object, so
// none is left open behind the page's back); during the wait before a reconnect it connects at once.
// close() closes the socket and cancels a reconnect that was waiting: nothing connects after it.

const lower = (text) => String(text).toLowerCase();
const keyOf = (channel, topic, subtopic) => [channel, topic, subtopic].map(lower).join('/');
const findKey = (object, name) => Object.keys(object).find((key) => lower(key) === lower(name));

export class WorkspaceBridge {
  // url: the bridge's /bus; by default the one that served this module's page.
  constructor(url = `ws://${location.host}/bus`) {
    this.url = url;
    this.handlers = new Map();          // "channel/topic/subtopic" (lower case) -> [handler]
    this.connectionHandlers = [];
    this.socket = null;
    this.retryMs = 500;
    this.retryTimer = null;
    this.closed = false;
    this.sequence = 0;
  }

  // Calls handler(message) for every message on this routing key. Returns a function that stops it.
  on(channel, topic, subtopic, handler) {
    const key = keyOf(channel, topic, subtopic);
    const list = this.handlers.get(key) ?? [];
    list.push(handler);
    this.handlers.set(key, list);
    return () => this.handlers.set(key, (this.handlers.get(key) ?? []).filter((h) => h !== handler));
  }

  // Calls handler(true) when connected, handler(false) when the connection is lost.
  onConnection(handler) { this.connectionHandlers.push(handler); }

  get connected() { return this.socket?.readyState === WebSocket.OPEN; }

  connect() {
    this.closed = false;
    this.cancelRetry();
    if (this.socket && this.socket.readyState <= WebSocket.OPEN) return;  // CONNECTING or OPEN
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => { this.retryMs = 500; this.connectionHandlers.forEach((h) => h(true)); };
    socket.onmessage = (event) => this.dispatch(event.data);
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.connectionHandlers.forEach((h) => h(false));
      if (this.closed) return;
      this.retryTimer = setTimeout(() => { this.retryTimer = null; this.connect(); }, this.retryMs);
      this.retryMs = Math.min(this.retryMs * 2, 10000);
    };
  }

  close() {
    this.closed = true;
    this.cancelRetry();
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.close();
      this.connectionHandlers.forEach((h) => h(false));
    }
  }

  cancelRetry() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  // Publishes {channel, topic, subtopic, data, requestId} and returns the requestId (one is made
  // when none is given). Throws when not connected: nothing is queued behind the agent's back.
  publish(channel, topic, subtopic, data = undefined, requestId = `page-${Date.now()}-${++this.sequence}`) {
    if (!this.connected) throw new Error('not connected to the Workspace bridge');
    const message = { channel, topic, subtopic, requestId };
    if (data !== undefined) message.data = data;
    this.socket.send(JSON.stringify(message));
    return requestId;
  }

  dispatch(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    if (message === null || typeof message !== 'object') return;
    const part = (name) => message[findKey(message, name) ?? name];
    const handlers = this.handlers.get(keyOf(part('channel'), part('topic'), part('subtopic'))) ?? [];
    for (const handler of handlers) {
      try { handler(message); } catch (error) { console.error('workspace-bridge handler failed', error); }
    }
  }
}
