import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Hebei (河北省): the national standard interface. */
export default standardProvincePlugin({
  id: '130000',
  slug: 'hebei',
  name: { zh: '河北省', en: 'Hebei' },
  manifest,
})
