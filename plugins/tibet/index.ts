import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Tibet (西藏自治区): a legacy standard-interface backend that does not sign: its data shows as unverified. */
export default standardProvincePlugin({
  id: '540000',
  slug: 'tibet',
  name: { zh: '西藏自治区', en: 'Tibet' },
  manifest,
  signs: false,
})
