/**
 * `ui` project setup (runs in every test file before the framework).
 * Fixes from /work/shared/TOOLCHAIN.md "jest with @tarojs/test-utils-react":
 * the Taro H5 runtime reads these env vars at import time, the Taro React
 * components use the classic JSX runtime (`React` global), and importing
 * `@tarojs/taro` first breaks the cycle router → components → taro-h5 → router.
 */
process.env.TARO_ENV = 'h5'
process.env.TARO_PLATFORM = 'web'
process.env.FRAMEWORK = 'react'

const g = globalThis as Record<string, unknown>
g.React = require('react')
// Build-time macros in app.config.ts / index.config.ts.
g.defineAppConfig = (c: unknown) => c
g.definePageConfig = (c: unknown) => c
// jsdom lacks these Node/browser globals the app's crypto code (@noble/*) uses.
if (typeof g.TextEncoder === 'undefined') {
  const util = require('node:util')
  g.TextEncoder = util.TextEncoder
  g.TextDecoder = util.TextDecoder
}
// Tell React updates happen inside act() / our waitFor loops.
g.IS_REACT_ACT_ENVIRONMENT = false

// A cold jest cache transforms Taro's runtime inside the first bootApp(); give tests room for that.
// Waits inside tests are condition-based (bootApp's waitFor), never fixed sleeps.
jest.setTimeout(90_000)

require('@tarojs/taro')
