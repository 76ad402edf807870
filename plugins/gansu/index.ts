import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Gansu (甘肃省): the national standard interface. */
export default standardProvincePlugin({
  id: '620000',
  slug: 'gansu',
  name: { zh: '甘肃省', en: 'Gansu' },
  manifest,
})
