import { standardProvincePlugin } from '../standard'

/** Fujian (福建省): the national standard interface. */
export default standardProvincePlugin({
  id: '350000',
  slug: 'fujian',
  name: { zh: '福建省', en: 'Fujian' },
  codeApp: '八闽健康码',
})
