export default defineAppConfig({
  pages: [
    'pages/pass/index',
    'pages/scan/index',
    'pages/trip/index',
    'pages/settings/index',
    'pages/family/index',
    'pages/venue/index',
    'pages/checkin/index',
    'pages/declare/index',
  ],
  // Guard mode starts alone on weapp: an independent subpackage (no main package, no app.js; the page brings its
  // own store, src/pages/guard/standalone.ts). Same route everywhere: pages/guard/index. Its second page,
  // foreign/index, is the foreign certificate verifier (CBOR, zlib, P-256, RSA-PSS) on mini-programs: it ships in
  // the guard package (on demand, never in the main package), where the guard's hand-off module state is shared.
  subPackages: [
    { root: 'pages/guard', pages: ['index', 'foreign/index'], independent: process.env.TARO_ENV === 'weapp' },
    // The traveller's add-a-foreign-certificate page and its verifiers: on demand, not in the main package.
    { root: 'pages/foreign', pages: ['certs/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '全国通行码',
    navigationBarTextStyle: 'black',
  },
})
