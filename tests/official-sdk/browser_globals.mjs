// What a browser gives the official SDK and Node does not: window, navigator, location, WebSocket
// (the ws package) and a Worker for the SDK's keepalive worker, which it builds from a Blob script
// (src/services/core/websocket/WebSocketManager.ts:49). The worker runs in a vm context of its own
// with the few globals a dedicated worker has; its messages go both ways asynchronously, as a
// real Worker's do.

import { resolveObjectURL } from 'node:buffer';
import { EventEmitter } from 'node:events';
import vm from 'node:vm';
import WebSocket from 'ws';

class ScriptWorker {
  #events = new EventEmitter();
  #timers = new Set();
  #terminated = false;
  onmessage = null;

  constructor(url) {
    const blob = resolveObjectURL(String(url));
    if (!blob) throw new Error(`Worker: no Blob behind ${url}`);
    blob.text().then((script) => this.#start(script));
  }

  #start(script) {
    const listen = (type, listener) => this.#events.on(type, listener);
    const context = {
      console: { log: () => {}, error: () => {} },  // the worker's chatter every 4 s is not the test's
      navigator: globalThis.navigator,
      postMessage: (data) => setImmediate(() => !this.#terminated && this.onmessage?.({ data })),
      addEventListener: listen,
      setInterval: (...args) => this.#keep(setInterval(...args)),
      clearInterval: (timer) => { clearInterval(timer); this.#timers.delete(timer); },
      setTimeout: (...args) => this.#keep(setTimeout(...args)),
      clearTimeout: (timer) => { clearTimeout(timer); this.#timers.delete(timer); },
    };
    context.self = { addEventListener: listen };
    vm.runInNewContext(script, context, { filename: 'keepalive.worker.js' });
  }

  // Unreferenced: a keepalive worker the SDK never stops must not keep the test's process alive.
  #keep(timer) {
    timer.unref();
    this.#timers.add(timer);
    return timer;
  }

  postMessage(data) {
    setImmediate(() => this.#events.emit('message', { data: structuredClone(data) }));
  }

  terminate() {
    this.#terminated = true;
    for (const timer of this.#timers) clearInterval(timer);
  }
}

export function installBrowserGlobals() {
  globalThis.window = globalThis;
  globalThis.navigator = { onLine: true, userAgent: 'Node.js (official SDK test)' };
  globalThis.location = new URL('https://desktop.invalid/');
  globalThis.document = { hidden: false, visibilityState: 'visible' };  // the SDK's metrics read it
  globalThis.WebSocket = WebSocket;
  globalThis.Worker = ScriptWorker;
}
