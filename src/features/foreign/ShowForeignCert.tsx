/**
 * A held foreign certificate's own QR, large, for a guard to scan (the guard
 * verifies it by itself, against its own foreign trust list). A multi-QR
 * SMART Health Card shows its parts one after another, "1 of 3".
 */
import { Image, Text, View } from '@tarojs/components'
import qrcode from 'qrcode-generator'
import { useEffect, useMemo, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { fill, useStrings } from '../../components/useI18n'
import { defineStrings } from '../../i18n'
import { selectActivePerson } from '../identity/identitySlice'
import { restoreForeignCerts, selectHeldForeignCerts } from './foreignCertsSlice'

const S = defineStrings({
  part: { zh: '第 {i}/{n} 张', en: 'Part {i} of {n}' },
  next: { zh: '下一张', en: 'Next part' },
  gone: { zh: '该证书已不在本机', en: 'This certificate is no longer on this device' },
  hint: { zh: '请出示给检查人员扫码核验，并出示护照', en: 'Show this to the guard to scan, with your passport' },
})

/** A QR image for a certificate text: `HC1:` in alphanumeric mode, `shc:/` as byte prefix + numeric digits (as issued). */
export function foreignQrDataUri(text: string): string {
  const qr = qrcode(0, 'L')
  const m = /^(shc:\/(?:\d+\/\d+\/)?)(\d+)$/i.exec(text)
  if (m) {
    qr.addData(m[1], 'Byte')
    qr.addData(m[2], 'Numeric')
  } else qr.addData(text, /^[0-9A-Z $%*+\-./:]*$/.test(text) ? 'Alphanumeric' : 'Byte')
  qr.make()
  return qr.createDataURL(3, 8)
}
export function ShowForeignCert({ id }: { id: string }) {
  const s = useStrings(S)
  const dispatch = useAppDispatch()
  const person = useAppSelector(selectActivePerson)
  const status = useAppSelector((st) => st.foreignCerts.status)
  useEffect(() => {
    if (status === 'idle') void dispatch(restoreForeignCerts())
  }, [dispatch, status])
  const held = useAppSelector((st) => selectHeldForeignCerts(st, person?.id).find((h) => h.id === id))
  const [i, setI] = useState(0)
  const parts = useMemo(() => (held ? held.text.split('\n') : []), [held])
  const src = useMemo(() => (parts[i] ? foreignQrDataUri(parts[i]) : null), [parts, i])
  if (!held || !src) return <Text className='np-muted'>{s.gone}</Text>
  return (
    <View className='np-card' data-foreign-show={id} data-foreign-qr={i}>
      <Text>{held.cert.person.maskedName}</Text>
      {parts.length > 1 && <Text data-part>{fill(s.part, { i: i + 1, n: parts.length })}</Text>}
      <Image src={src} className='np-qr' />
      <Text className='np-muted'>{s.hint}</Text>
      {parts.length > 1 && (
        <View className='np-button' data-action='foreign-next-part' onClick={() => setI((i + 1) % parts.length)}>
          <Text>{s.next}</Text>
        </View>
      )}
    </View>
  )
}
