import { standardProvincePlugin } from '../standard'

/** Liaoning (辽宁省): the national standard interface. */
export default standardProvincePlugin({
  id: '210000',
  slug: 'liaoning',
  name: { zh: '辽宁省', en: 'Liaoning' },
})
