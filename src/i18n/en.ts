import type zhCN from './zh-CN'

/** English */
const en: Record<keyof typeof zhCN, string> = {
  appName: 'National Pass',
  'nav.pass': 'Pass',
  'nav.scan': 'Scan',
  'nav.trip': 'Trip',
  'nav.guard': 'Guard',
  'nav.more': 'More',
  'page.pass': 'My pass',
  'page.scan': 'Scan a place-code',
  'page.family': 'Family',
  'page.trip': 'Trip check',
  'page.guard': 'Guard mode',
  'page.venue': 'Venue code',
  'page.settings': 'Settings',
  'page.checkin': 'Check-in',
  'page.declare': 'Arrival declaration',
  'settings.language': 'Language',
  'settings.languageSystem': 'Follow system',
  'settings.elder': 'Elder mode (large type, high contrast)',
  'settings.on': 'On',
  'settings.off': 'Off',
  'state.loading': 'Loading…',
  'state.offline': 'No network: showing what is saved on this device',
  'state.error': 'Something went wrong: {message}',
  'page.foreign': 'Foreign certificate check',
  'page.certs': 'Add a foreign certificate',
  'page.foreignShow': 'Foreign certificate QR',
}

export default en
