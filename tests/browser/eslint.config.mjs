// ESLint for the project's JavaScript (./run test runs it): the agent panel page (plain browser
// ES modules), and the Node scripts of the browser tests and of ./run demo. The recommended rules only.
// It lives here because the npm packages do (tests/browser/node_modules); paths are from the top,
// an absolute basePath: a relative one is taken from the working folder, where it matched nothing.
//   tests/browser/node_modules/.bin/eslint --config tests/browser/eslint.config.mjs

import js from '@eslint/js';
import globals from 'globals';

const top = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

export default [
  { basePath: top, ignores: ['**/node_modules/**', 'build*/**'] },
  { basePath: top, files: ['plugin/browser-bridge/page/**/*.js', 'tests/browser/**/*.mjs', 'tools/demo/**/*.mjs',
                            'tests/official-sdk/*.mjs'],
    ...js.configs.recommended },
  {
    basePath: top, files: ['plugin/browser-bridge/page/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { ...globals.browser } },
  },
  {
    // The tests hand functions to the page (page.evaluate), which run there.
    basePath: top, files: ['tests/browser/**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node, ...globals.browser } },
  },
  {
    basePath: top, files: ['tools/demo/**/*.mjs', 'tests/official-sdk/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
];
