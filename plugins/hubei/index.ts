import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Hubei (湖北省): the national standard interface. */
export default standardProvincePlugin({
  id: '420000',
  slug: 'hubei',
  name: { zh: '湖北省', en: 'Hubei' },
  manifest,
})
