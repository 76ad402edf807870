/**
 * The H5 build's service worker, generated at build time by Workbox: it
 * precaches the app shell (index.html, every page's JS and CSS, the manifest
 * and icons) so the pass opens with no network at all. It never caches
 * `/np-api/` answers: the app keeps what it saved in its own encrypted storage.
 * A new build's worker waits until the traveller taps "reload" (see
 * src/platform/serviceWorker.h5.ts), so a pass on screen is never swapped away.
 */
import type { GenerateSWConfig as GenerateSWOptions } from 'workbox-webpack-plugin/build/generate-sw'

/** The worker's file name at the root of dist/h5 (its scope is the whole app). */
export const SW_FILE = 'sw.js'

export function serviceWorkerOptions(): GenerateSWOptions {
  return {
    swDest: SW_FILE,
    // Workbox's runtime inside sw.js: one file to fetch and to keep uncached (see scripts/serveApp.ts).
    inlineWorkboxRuntime: true,
    // The first install takes the open page at once; later versions wait for the traveller.
    clientsClaim: true,
    skipWaiting: false,
    cleanupOutdatedCaches: true,
    // Content-hashed names (js/…, css/…) need no revision of their own.
    dontCacheBustURLsMatching: /\.[0-9a-f]{8}\./,
    exclude: [/\.map$/, /\.LICENSE\.txt$/, /^sw\.js$/],
    maximumFileSizeToCacheInBytes: 5 * 1024 * 1024,
    // Any app address opened with no network gets the app shell; the router reads the hash.
    navigateFallback: '/index.html',
    navigateFallbackDenylist: [/^\/np-api(\/|$)/, /^\/p\//],
    runtimeCaching: [
      {
        // A national place-code opened by a phone's camera, https://<domain>/p/<payload>: the scan page,
        // as scripts/serveApp.ts answers online, without asking the server.
        urlPattern: ({ request, url }) =>
          request.mode === 'navigate' &&
          url.origin === self.location.origin &&
          /^\/p\/[A-Za-z0-9_-]+$/.test(url.pathname),
        // Stringified into sw.js by Workbox: self-contained, no async (a transpiled helper would be left behind).
        handler: ({ url }) =>
          Promise.resolve(Response.redirect(`${url.origin}/#/pages/scan/index?c=${url.pathname.slice(3)}`, 302)),
      },
    ],
    disableDevLogs: true,
    mode: 'production',
    sourcemap: false,
  }
}

/** `[GenerateSW, [options]]` for webpack-chain's `.use(...)`; loaded only when an H5 build asks for it. */
export function serviceWorkerPlugin(): [new (options: GenerateSWOptions) => unknown, [GenerateSWOptions]] {
  const { GenerateSW } = require('workbox-webpack-plugin') as typeof import('workbox-webpack-plugin')
  return [GenerateSW, [serviceWorkerOptions()]]
}
