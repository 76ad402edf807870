import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Qinghai (青海省): the national standard interface. */
export default standardProvincePlugin({
  id: '630000',
  slug: 'qinghai',
  name: { zh: '青海省', en: 'Qinghai' },
  manifest,
})
