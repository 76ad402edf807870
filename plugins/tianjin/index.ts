import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Tianjin (天津市): the national standard interface. */
export default standardProvincePlugin({
  id: '120000',
  slug: 'tianjin',
  name: { zh: '天津市', en: 'Tianjin' },
  manifest,
})
