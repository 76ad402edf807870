import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Heilongjiang (黑龙江省): the national standard interface. */
export default standardProvincePlugin({
  id: '230000',
  slug: 'heilongjiang',
  name: { zh: '黑龙江省', en: 'Heilongjiang' },
  manifest,
})
