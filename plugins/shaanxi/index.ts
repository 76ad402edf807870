import { standardProvincePlugin } from '../standard'

/** Shaanxi (陕西省): the national standard interface. */
export default standardProvincePlugin({
  id: '610000',
  slug: 'shaanxi',
  name: { zh: '陕西省', en: 'Shaanxi' },
})
