import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Inner Mongolia (内蒙古自治区): the national standard interface. */
export default standardProvincePlugin({
  id: '150000',
  slug: 'inner-mongolia',
  name: { zh: '内蒙古自治区', en: 'Inner Mongolia' },
  manifest,
})
