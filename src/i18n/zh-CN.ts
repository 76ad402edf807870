/** 简体中文 */
const zhCN = {
  appName: '全国通行码',
  'nav.pass': '通行码',
  'nav.scan': '扫码',
  'nav.trip': '行程',
  'nav.guard': '核验',
  'nav.more': '更多',
  'page.pass': '我的通行码',
  'page.scan': '扫场所码',
  'page.family': '家人代查',
  'page.trip': '行程核验',
  'page.guard': '核验模式',
  'page.venue': '场所码',
  'page.settings': '设置',
  'page.checkin': '登记结果',
  'page.declare': '入境申报',
  'settings.language': '语言',
  'settings.languageSystem': '跟随系统',
  'settings.elder': '长辈模式（大字、高对比度）',
  'settings.on': '开',
  'settings.off': '关',
  'state.loading': '加载中…',
  'state.offline': '无网络：显示本机保存的内容',
  'state.error': '出错了：{message}',
  'page.foreign': '境外证书核验',
} as const

export default zhCN
