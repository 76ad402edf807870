import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import provinces from '../../core/data/provinces.json'
import type { ProvinceCode } from '../../core/model'
import { provinceName } from '../../core/rules/trip'
import type { Lang } from '../../i18n'
import './guard.css'

interface ProvincePickerProps {
  value: ProvinceCode | null
  placeholder: string
  lang: Lang
  onChange: (code: ProvinceCode) => void
  /** Marks the control for tests and accessibility tools. */
  name: string
}

/** A province field that opens a grid of all 31 provinces: big targets, the same on every platform. */
export function ProvincePicker({ value, placeholder, lang, onChange, name }: ProvincePickerProps) {
  const [open, setOpen] = useState(false)
  return (
    <View data-picker={name}>
      <View className='np-input np-row np-tap-row' data-action='open-provinces' onClick={() => setOpen(!open)}>
        <Text>{value ? provinceName(value, lang) : placeholder}</Text>
        <Text>{open ? '▴' : '▾'}</Text>
      </View>
      {open && (
        <View className='np-province-grid'>
          {provinces.provinces.map((p) => (
            <View
              key={p.code}
              className={`np-chip ${p.code === value ? 'np-chip-on' : ''}`}
              data-province={p.code}
              onClick={() => {
                setOpen(false)
                onChange(p.code)
              }}
            >
              <Text>{p[lang]}</Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
