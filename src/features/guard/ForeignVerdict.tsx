/**
 * The guard's view of a verified foreign certificate: its type and issuer
 * country, the masked name and birth date to compare with the passport, and
 * what it records. Plain data in, no logic beyond formatting.
 */
import { Text, View } from '@tarojs/components'
import { useI18n } from '../../components/useI18n'
import type { ForeignKind } from '../../core/foreign/types'

/** What the verdict screen shows of a foreign certificate (plain data: the store keeps it). */
export interface ForeignSummary {
  kind: ForeignKind
  types: Array<'v' | 't' | 'r'>
  issuerCountry: string
  issuer: string
  maskedName: string
  birthDate: string
  doses: Array<{ dose: number; product: string; at: number }>
  tests: Array<{ kind: string; outcome: string; sampledAt: number }>
  recoveries: Array<{ validFrom: number; validUntil: number }>
  expiresAt?: number
}

const W = {
  zh: {
    'eu-dcc': '欧盟数字新冠证书（EU DCC）',
    shc: 'SMART 健康卡',
    v: '疫苗接种',
    t: '检测',
    r: '康复',
    issuer: '签发国家/地区',
    compare: '请与护照核对：',
    born: '出生',
    dose: '第 {n} 剂',
    recovery: '康复证明有效期',
    pcr: '核酸',
    antigen: '抗原',
    negative: '阴性',
    positive: '阳性',
    pending: '待出结果',
  },
  en: {
    'eu-dcc': 'EU Digital COVID Certificate',
    shc: 'SMART Health Card',
    v: 'vaccination',
    t: 'test',
    r: 'recovery',
    issuer: 'Issuing country',
    compare: 'Compare with the passport:',
    born: 'born',
    dose: 'dose {n}',
    recovery: 'recovery valid',
    pcr: 'PCR',
    antigen: 'antigen',
    negative: 'negative',
    positive: 'positive',
    pending: 'pending',
  },
} as const

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function ForeignVerdict({ info }: { info: ForeignSummary }) {
  const { lang } = useI18n()
  const w = W[lang]
  const word = (k: string) => (w as Record<string, string>)[k] ?? k
  return (
    <View data-foreign={info.kind} data-foreign-country={info.issuerCountry}>
      <Text data-foreign-type>
        {w[info.kind]} · {info.types.map((t) => w[t]).join(' / ')}
      </Text>
      <Text>
        {' '}
        · {w.issuer} {info.issuerCountry || info.issuer}
      </Text>
      <View data-holder>
        <Text>{w.compare} </Text>
        <Text className='np-holder' data-foreign-name>
          {info.maskedName}
          {info.birthDate ? ` · ${w.born} ${info.birthDate}` : ''}
        </Text>
      </View>
      {info.doses.map((d) => (
        <View key={`v-${d.dose}-${d.at}-${d.product}`} data-foreign-entry='v'>
          <Text>
            {w.dose.replace('{n}', String(d.dose))} {d.product} · {day(d.at)}
          </Text>
        </View>
      ))}
      {info.tests.map((t) => (
        <View key={`t-${t.sampledAt}-${t.kind}-${t.outcome}`} data-foreign-entry='t'>
          <Text>
            {word(t.kind)} {word(t.outcome)} · {day(t.sampledAt)}
          </Text>
        </View>
      ))}
      {info.recoveries.map((r) => (
        <View key={`r-${r.validFrom}-${r.validUntil}`} data-foreign-entry='r'>
          <Text>
            {w.recovery} {day(r.validFrom)} – {day(r.validUntil)}
          </Text>
        </View>
      ))}
    </View>
  )
}
