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
  // own store, src/pages/guard/standalone.ts). Same route everywhere: pages/guard/index.
  subPackages: [{ root: 'pages/guard', pages: ['index'], independent: process.env.TARO_ENV === 'weapp' }],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '全国通行码',
    navigationBarTextStyle: 'black',
  },
})
