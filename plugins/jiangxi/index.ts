import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Jiangxi (江西省): the national standard interface. */
export default standardProvincePlugin({
  id: '360000',
  slug: 'jiangxi',
  name: { zh: '江西省', en: 'Jiangxi' },
  manifest,
})
