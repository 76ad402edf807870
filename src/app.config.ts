export default defineAppConfig({
  pages: [
    'pages/pass/index',
    'pages/scan/index',
    'pages/trip/index',
    'pages/guard/index',
    'pages/settings/index',
    'pages/family/index',
    'pages/venue/index',
    'pages/checkin/index',
    'pages/declare/index',
  ],
  // Loaded on demand: the foreign certificate verifier (CBOR, zlib, P-256, RSA-PSS) for guard mode.
  subPackages: [{ root: 'foreign', pages: ['verify/index'] }],
  // Guard mode fetches it while online, so foreign certificates verify offline.
  preloadRule: { 'pages/guard/index': { network: 'all', packages: ['foreign'] } },
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '全国通行码',
    navigationBarTextStyle: 'black',
  },
})
