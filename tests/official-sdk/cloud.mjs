// The two processes the official SDK test runs: wxcc-sim over TLS (the real binary, Webex Contact
// Center itself), and the stand-in for what the SDK reaches outside Contact Center: the U2C service
// catalog, which names wxcc-sim as the service wcc-api-gateway, and the sinks for metrics, device
// registration and log uploads. Every request either receives is logged for the test to read.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createInterface } from 'node:readline';
import { WebSocketServer } from 'ws';

export const ORG_ID = '013dce5c-a8aa-4590-bebe-fed6d419dcc4';  // the simulator's organization
// A Webex user token's shape, <token>_<cluster>_<orgId>: the SDK reads the org id from it.
export const ACCESS_TOKEN = `c2ltdWxhdGVkLWFjY2Vzcy10b2tlbg_PF84_${ORG_ID}`;

const tls = () => ({ cert: readFileSync(process.env.SIM_TLS_CERT), key: readFileSync(process.env.SIM_TLS_KEY) });

export async function startSim(binary, args = []) {
  const sim = spawn(binary, ['--port', '0', '--tls-cert', process.env.SIM_TLS_CERT, '--tls-key', process.env.SIM_TLS_KEY,
    '--token', ACCESS_TOKEN, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    sim.once('error', reject);
    sim.once('exit', (code) => reject(new Error(`wxcc-sim exited with ${code}`)));
    createInterface({ input: sim.stdout }).on('line', (line) => {
      const match = /^wxcc-sim listening on (\S+)/.exec(line);
      if (match) resolve(match[1]);
    });
  });
  const control = async (command) => {
    const response = await fetch(`${url}/control`, { method: 'POST', body: JSON.stringify(command) });
    const answer = await response.json();
    if (!response.ok) throw new Error(`control ${JSON.stringify(command)}: ${JSON.stringify(answer)}`);
    return answer;
  };
  return { url, control, stop: () => sim.kill('SIGTERM') };
}

// The catalog in U2C's "hostmap" format (webex-core's services.js reads serviceLinks and hostCatalog).
function catalog(simUrl, ownUrl) {
  const links = { 'wcc-api-gateway': simUrl, metrics: `${ownUrl}/metrics/api/v1`, wdm: `${ownUrl}/wdm/api/v1`,
    clientLogs: `${ownUrl}/clientlogs/api/v1`, u2c: `${ownUrl}/u2c/api/v1` };
  const hostCatalog = {};
  for (const link of Object.values(links)) {
    const { host, hostname } = new URL(link);  // an entry's host has no port: webex-core adds the link's
    hostCatalog[host] = [{ host: hostname, ttl: -1, priority: 1, id: `urn:TEAM:loopback:${host}` }];
  }
  return { serviceLinks: links, hostCatalog, format: 'hostmap' };
}

// A registered device (internal-plugin-device): the SDK registers one, then connects its Mercury
// socket, when the agent's profile offers browser calling (cc.ts:749).
function device(ownUrl) {
  return { url: `${ownUrl}/wdm/api/v1/devices/loopback-device`, webSocketUrl: `${ownUrl.replace('https', 'wss')}/mercury`,
    services: {}, features: { developer: [], entitlement: [], user: [] } };
}

// Mercury's opening and its pings (internal-plugin-mercury socket-base.js: after its authorization
// it waits for a buffer state, then pings).
function answerMercury(sockets) {
  sockets.on('connection', (socket) => socket.on('message', (text) => {
    const message = JSON.parse(text);
    if (message.type === 'authorization') socket.send(JSON.stringify({ id: message.id, data: { eventType: 'mercury.buffer_state' } }));
    if (message.type === 'ping') socket.send(JSON.stringify({ id: message.id, type: 'pong' }));
  }));
}

export async function startCloud(simUrl) {
  const requests = [];
  let ownUrl = '';
  const server = createServer(tls(), (request, response) => {
    request.resume();  // bodies (metrics, device details) are not the test's concern
    request.on('end', () => {
      requests.push({ method: request.method, url: request.url });
      const path = new URL(request.url, ownUrl).pathname;
      const reply = (status, json) => {
        response.writeHead(status, { 'content-type': 'application/json', trackingid: `CLOUD_${requests.length}` });
        response.end(json === undefined ? '' : JSON.stringify(json));
      };
      if (path.startsWith('/u2c/api/v1/') && path.endsWith('/catalog')) return reply(200, catalog(simUrl, ownUrl));
      if (request.method === 'POST' && path === '/wdm/api/v1/devices') return reply(200, device(ownUrl));
      // Log upload (internal-plugin-support submitLogs): logs/urls names where to PUT the file
      // (tempURL) and its name, the PUT, then logs/meta. The SDK uploads after every refused task action.
      if (path.startsWith('/clientlogs/')) {
        return reply(200, { tempURL: `${ownUrl}/clientlogs/upload`, logFilename: 'sdk.log', userId: 'sim' });
      }
      if (path.startsWith('/metrics/') || path.startsWith('/wdm/')) return reply(204);
      return reply(404, { message: `the stand-in has no ${path}` });
    });
  });
  answerMercury(new WebSocketServer({ server, path: '/mercury' }));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  ownUrl = `https://127.0.0.1:${server.address().port}`;
  return { url: ownUrl, u2c: `${ownUrl}/u2c/api/v1`, requests, stop: () => server.close() };
}
