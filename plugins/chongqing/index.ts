import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Chongqing (重庆市): the national standard interface. */
export default standardProvincePlugin({
  id: '500000',
  slug: 'chongqing',
  name: { zh: '重庆市', en: 'Chongqing' },
  manifest,
  codeApp: '渝康码',
})
