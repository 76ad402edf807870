import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Yunnan (云南省): the national standard interface. */
export default standardProvincePlugin({
  id: '530000',
  slug: 'yunnan',
  name: { zh: '云南省', en: 'Yunnan' },
  manifest,
})
