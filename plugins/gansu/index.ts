import { standardProvincePlugin } from '../standard'

/** Gansu (甘肃省): the national standard interface. */
export default standardProvincePlugin({
  id: '620000',
  slug: 'gansu',
  name: { zh: '甘肃省', en: 'Gansu' },
})
