import { arrivalDeclarationForm, standardBackend } from '../lib/standardBackend'
import type { MockBackend } from '../lib/types'

/** Xinjiang (新疆维吾尔自治区) mock backend: standard-interface, with arrival declarations. */
export const xinjiangBackend: MockBackend = standardBackend({
  slug: 'xinjiang',
  province: '650000',
  declaration: arrivalDeclarationForm('650000', { zh: '来新返新人员申报', en: 'Arrival declaration: Xinjiang' }, [
    {
      key: 'entryPoint',
      type: 'select',
      label: { zh: '入疆通道', en: 'Point of entry' },
      required: true,
      options: [
        { value: 'urumqi-airport', label: { zh: '乌鲁木齐地窝堡国际机场', en: 'Urumqi Diwopu Airport' } },
        { value: 'xingxingxia', label: { zh: '星星峡检查站', en: 'Xingxingxia checkpoint' } },
        { value: 'urumqi-station', label: { zh: '乌鲁木齐站', en: 'Urumqi railway station' } },
        { value: 'other', label: { zh: '其他', en: 'Other' } },
      ],
    },
  ]),
})
