export default defineAppConfig({
  // The main package: the pass (the first page) and settings. Every other page is in a subpackage (issue 16), with
  // its feature's code (its slice is injected when it loads: src/app/lazySlices.ts); on H5, each page is an async
  // chunk. A subpackage's root is its page folder, so every route stays pages/<name>/index.
  pages: ['pages/pass/index', 'pages/settings/index'],
  // Guard mode starts alone on weapp: an independent subpackage (no main package, no app.js; the page brings its
  // own store, src/pages/guard/standalone.ts). Same route everywhere: pages/guard/index. Its second page,
  // foreign/index, is the foreign certificate verifier (CBOR, zlib, P-256, RSA-PSS) on mini-programs: it ships in
  // the guard package (on demand, never in the main package), where the guard's hand-off module state is shared.
  subPackages: [
    { root: 'pages/guard', pages: ['index', 'foreign/index'], independent: process.env.TARO_ENV === 'weapp' },
    // The traveller's add-a-foreign-certificate page and its verifiers: on demand, not in the main package.
    { root: 'pages/foreign', pages: ['certs/index'] },
    { root: 'pages/scan', pages: ['index'] },
    { root: 'pages/trip', pages: ['index'] },
    { root: 'pages/family', pages: ['index'] },
    { root: 'pages/venue', pages: ['index'] },
    { root: 'pages/checkin', pages: ['index'] },
    { root: 'pages/declare', pages: ['index'] },
    // WeChat: the code the pass page's first frame does not need (services, plugins, axios, verifiers, the full pass
    // view, the QR encoder): no page, one file (src/lazy/index.ts) that the main package loads after the first
    // frame with `require.async` (src/app/lazyCode.ts; config/lazyPackage.ts builds it).
    ...(process.env.TARO_ENV === 'weapp' ? [{ root: 'lazy', pages: [] as string[] }] : []),
  ],
  // WeChat downloads that subpackage in the background as soon as the pass page opens, so `require.async` after the
  // first frame usually finds it there.
  ...(process.env.TARO_ENV === 'weapp'
    ? { preloadRule: { 'pages/pass/index': { network: 'all', packages: ['lazy'] } } }
    : {}),
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '全国通行码',
    navigationBarTextStyle: 'black',
  },
})
