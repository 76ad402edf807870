import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Ningxia (宁夏回族自治区): the national standard interface. */
export default standardProvincePlugin({
  id: '640000',
  slug: 'ningxia',
  name: { zh: '宁夏回族自治区', en: 'Ningxia' },
  manifest,
})
