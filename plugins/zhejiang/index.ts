import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Zhejiang (浙江省): the national standard interface. */
export default standardProvincePlugin({
  id: '330000',
  slug: 'zhejiang',
  name: { zh: '浙江省', en: 'Zhejiang' },
  manifest,
})
