import { standardProvincePlugin } from '../standard'

/** Anhui (安徽省): the national standard interface. */
export default standardProvincePlugin({
  id: '340000',
  slug: 'anhui',
  name: { zh: '安徽省', en: 'Anhui' },
  codeApp: '安康码',
})
