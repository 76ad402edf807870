import { standardProvincePlugin } from '../standard'
import { manifest } from './manifest'

/** Anhui (安徽省): the national standard interface. */
export default standardProvincePlugin({
  id: '340000',
  slug: 'anhui',
  name: { zh: '安徽省', en: 'Anhui' },
  manifest,
  codeApp: '安康码',
})
