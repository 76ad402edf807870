import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Fujian (福建省): the national standard interface. */
export default standardProvincePlugin({
  id: '350000',
  slug: 'fujian',
  name: { zh: '福建省', en: 'Fujian' },
  manifest,
  codeApp: '八闽健康码',
})
