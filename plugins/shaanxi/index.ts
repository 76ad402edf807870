import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Shaanxi (陕西省): the national standard interface. */
export default standardProvincePlugin({
  id: '610000',
  slug: 'shaanxi',
  name: { zh: '陕西省', en: 'Shaanxi' },
  manifest,
})
