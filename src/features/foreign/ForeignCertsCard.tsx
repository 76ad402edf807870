/**
 * The pass page's section for the traveller's foreign certificates: one card
 * each (type, issuer country, masked name, dates, verified or why not, whose
 * name), removal, and the entries to show its own QR to a guard (who verifies
 * it by itself) and to add one: a page in its own package, with the verifiers.
 */
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { ErrorText } from '../../components/ErrorText'
import { fill, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import {
  foreignCertRemoved,
  type HeldForeignCert,
  restoreForeignCerts,
  selectHeldForeignCerts,
} from './foreignCertsSlice'
import { whyNotUsable } from './foreignUse'

const S = defineStrings({
  title: { zh: '境外证书', en: 'Foreign certificates' },
  add: { zh: '添加境外证书', en: 'Add a foreign certificate' },
  none: {
    zh: '可添加 EU DCC 或 SMART 健康卡，用于行程核验',
    en: 'Add an EU DCC or a SMART Health Card for the trip check',
  },
  'eu-dcc': { zh: '欧盟新冠证书', en: 'EU Digital COVID Certificate' },
  shc: { zh: 'SMART 健康卡', en: 'SMART Health Card' },
  v: { zh: '疫苗接种', en: 'vaccination' },
  t: { zh: '检测', en: 'test' },
  r: { zh: '康复', en: 'recovery' },
  country: { zh: '签发国：{c}', en: 'Issued by: {c}' },
  born: { zh: '出生 {d}', en: 'born {d}' },
  issued: { zh: '签发 {d}', en: 'issued {d}' },
  expires: { zh: '有效至 {d}', en: 'valid until {d}' },
  noExpiry: { zh: '无有效期限制', en: 'no expiry stated' },
  verified: { zh: '✔ 已核验（列表 v{v}）', en: '✔ Verified offline (trust list version {v})' },
  notUsable: { zh: '✖ 不用于行程：', en: '✖ Not used by the trip check: ' },
  match: { zh: '与本人一致', en: 'Name and birth date match this traveller' },
  unconfirmed: {
    zh: '出生日期一致，姓名请与护照核对',
    en: 'Birth date matches; check the name on the passport',
  },
  show: { zh: '出示二维码', en: 'Show QR' },
  remove: { zh: '删除', en: 'Remove' },
  confirmRemove: { zh: '确认删除', en: 'Confirm removal' },
})

/** The add/show page, in its own package with the verifiers and the QR drawing for certificates. */
const PAGE = '/pages/foreign/certs/index'

const day = (ms: number | undefined) => (ms === undefined ? '' : new Date(ms).toISOString().slice(0, 10))

function HeldCard({ h, personId, now }: { h: HeldForeignCert; personId: string; now: number }) {
  const s = useStrings(S)
  const dispatch = useAppDispatch()
  const [confirm, setConfirm] = useState(false)
  const c = h.cert
  const why = whyNotUsable(h, now, now)
  return (
    <View className='np-card' data-foreign-cert={h.id} data-foreign-kind={c.kind} data-usable={why ? 'no' : 'yes'}>
      <Text className='np-big'>
        {s[c.kind]}
        {c.types.length ? ` · ${c.types.map((t) => s[t]).join(' / ')}` : ''}
      </Text>
      <Text>{fill(s.country, { c: c.issuerCountry || c.issuer })}</Text>
      <Text data-foreign-name>
        {c.person.maskedName}
        {c.person.birthDate ? ` · ${fill(s.born, { d: c.person.birthDate })}` : ''}
      </Text>
      <Text className='np-muted'>
        {c.issuedAt !== undefined ? `${fill(s.issued, { d: day(c.issuedAt) })} · ` : ''}
        {c.expiresAt !== undefined ? fill(s.expires, { d: day(c.expiresAt) }) : s.noExpiry}
      </Text>
      {why ? (
        <View data-foreign-problem={why.code}>
          <Text className='np-red'>{s.notUsable}</Text>
          <ErrorText error={why} />
        </View>
      ) : (
        <Text className='np-green' data-foreign-verified>
          {fill(s.verified, { v: h.trustListVersion })}
        </Text>
      )}
      {h.nameCheck !== 'other-person' && (
        <Text className={h.nameCheck === 'match' ? 'np-muted' : 'np-yellow'} data-name-check={h.nameCheck}>
          {s[h.nameCheck]}
        </Text>
      )}
      <View className='np-row'>
        <View
          className='np-button'
          data-action='foreign-qr'
          onClick={() => void Taro.navigateTo({ url: `${PAGE}?show=${h.id}` })}
        >
          <Text>{s.show}</Text>
        </View>
        <View
          className='np-button'
          data-action={confirm ? 'foreign-remove-confirm' : 'foreign-remove'}
          onClick={() => (confirm ? void dispatch(foreignCertRemoved({ personId, id: h.id })) : setConfirm(true))}
        >
          <Text>{confirm ? s.confirmRemove : s.remove}</Text>
        </View>
      </View>
    </View>
  )
}

/** The foreign certificates section of a person's pass. */
export function ForeignCertsCard({ personId, now }: { personId: string; now: number }) {
  const s = useStrings(S)
  const dispatch = useAppDispatch()
  const status = useAppSelector((st) => st.foreignCerts.status)
  const held = useAppSelector((st) => selectHeldForeignCerts(st, personId))
  useEffect(() => {
    if (status === 'idle') void dispatch(restoreForeignCerts())
  }, [dispatch, status])
  return (
    <View className='np-card' data-section='foreign-certs' data-count={held.length}>
      <View className='np-row'>
        <Text className='np-big'>{s.title}</Text>
        <Text className='np-tap' data-action='foreign-add' onClick={() => void Taro.navigateTo({ url: PAGE })}>
          {s.add}
        </Text>
      </View>
      {held.length === 0 && <Text className='np-muted'>{s.none}</Text>}
      {held.map((h) => (
        <HeldCard key={h.id} h={h} personId={personId} now={now} />
      ))}
    </View>
  )
}
