import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Guangxi (广西壮族自治区): the national standard interface. */
export default standardProvincePlugin({
  id: '450000',
  slug: 'guangxi',
  name: { zh: '广西壮族自治区', en: 'Guangxi' },
  manifest,
})
