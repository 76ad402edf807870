import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Liaoning (辽宁省): the national standard interface. */
export default standardProvincePlugin({
  id: '210000',
  slug: 'liaoning',
  name: { zh: '辽宁省', en: 'Liaoning' },
  manifest,
})
