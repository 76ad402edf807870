import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Jilin (吉林省): the national standard interface. */
export default standardProvincePlugin({
  id: '220000',
  slug: 'jilin',
  name: { zh: '吉林省', en: 'Jilin' },
  manifest,
})
