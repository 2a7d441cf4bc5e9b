// Loads the official SDK (@webex/contact-center 3.12.0, unmodified) into Node and signs it in with
// a token: browser globals first, U2C_SERVICE_URL before the package loads (webex-core reads it
// then). Its @webex/calling dependency ships an ES build with extension-less imports that only a
// bundler resolves, beside a CommonJS build; Node is pointed at the CommonJS one.

import Module, { createRequire } from 'node:module';
import { installBrowserGlobals } from './browser_globals.mjs';

const require = createRequire(import.meta.url);

function loadPackage() {
  const callingCommonJs = require.resolve('@webex/calling/dist/index.js');
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function resolveCalling(request, ...rest) {
    return request === '@webex/calling' ? callingCommonJs : resolve.call(this, request, ...rest);
  };
  return require('@webex/contact-center').default;
}

// Resolves with a Webex instance that is ready, its Contact Center plugin at webex.cc.
export async function signedInWebex({ u2c, accessToken, logLevel = 'error' }) {
  installBrowserGlobals();
  process.env.U2C_SERVICE_URL = u2c;
  const Webex = loadPackage();
  const webex = Webex.init({
    credentials: { access_token: accessToken },
    config: { logger: { level: logLevel }, cc: { allowMultiLogin: false, allowAutomatedRelogin: true } },
  });
  await new Promise((resolve) => webex.once('ready', resolve));
  return webex;
}
