import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Shandong (山东省): the national standard interface, with an arrival declaration. */
export default standardProvincePlugin({
  id: '370000',
  slug: 'shandong',
  name: { zh: '山东省', en: 'Shandong' },
  manifest,
  declarations: true,
})
