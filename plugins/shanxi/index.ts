import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Shanxi (山西省): the national standard interface. */
export default standardProvincePlugin({
  id: '140000',
  slug: 'shanxi',
  name: { zh: '山西省', en: 'Shanxi' },
  manifest,
})
