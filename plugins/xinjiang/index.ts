import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Xinjiang (新疆维吾尔自治区): the national standard interface, with an arrival declaration. */
export default standardProvincePlugin({
  id: '650000',
  slug: 'xinjiang',
  name: { zh: '新疆维吾尔自治区', en: 'Xinjiang' },
  manifest,
  declarations: true,
})
