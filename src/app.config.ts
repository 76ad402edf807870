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
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '全国通行码',
    navigationBarTextStyle: 'black',
  },
})
