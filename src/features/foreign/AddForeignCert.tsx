/**
 * Adding a foreign certificate: scan it with the camera (mini-programs), or
 * choose a photo of it (H5: the guard's image QR reader), or paste its text.
 * A multi-QR SMART Health Card is collected part by part ("2 of 3") and
 * verified once complete. A refusal shows its catalogued reason; what the
 * pass already holds is never touched by it.
 */
import { Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/hooks'
import { ErrorText } from '../../components/ErrorText'
import { fill, useStrings } from '../../components/useI18n'
import { NpError, type SerializedError } from '../../core/errors'
import {
  addShcChunk,
  type ShcChunkSet,
  shcChunkOf,
  shcChunkProgress,
  shcChunksComplete,
} from '../../core/foreign/shcChunks'
import { defineStrings } from '../../i18n'
import { scanPassCode } from '../guard/scanPass'
import { selectActivePerson } from '../identity/identitySlice'
import { foreignCertAdded, foreignCertsRechecked } from './addThunks'
import type { HeldForeignCert } from './foreignCertsSlice'

const S = defineStrings({
  intro: {
    zh: '支持欧盟数字新冠证书（HC1: 开头）和 SMART 健康卡（shc:/ 开头），离线核验后加密保存在本机',
    en: 'EU Digital COVID Certificates (HC1:) and SMART Health Cards (shc:/) are verified offline and kept encrypted on this device',
  },
  scan: { zh: '扫描证书二维码', en: 'Scan the certificate QR' },
  paste: { zh: '或粘贴证书文本：', en: 'Or paste the certificate text:' },
  add: { zh: '核验并添加', en: 'Verify and add' },
  verifying: { zh: '核验中…', en: 'Verifying…' },
  parts: {
    zh: '已读取 {have}/{total} 张二维码：请继续扫描本卡的其余二维码',
    en: '{have} of {total} QR codes read: scan the card’s other QR codes',
  },
  restart: { zh: '重新开始', en: 'Start again' },
  added: { zh: '已添加：{name}', en: 'Added: {name}' },
  back: { zh: '返回通行码', en: 'Back to the pass' },
  noPerson: { zh: '请先登录', en: 'Sign in first' },
  otherPerson: {
    zh: '注意：证书持有人与本人不符，已保存但行程核验不会使用',
    en: 'Note: the certificate names someone else; it is kept but the trip check will not use it',
  },
})

export function AddForeignCert() {
  const s = useStrings(S)
  const dispatch = useAppDispatch()
  const person = useAppSelector(selectActivePerson)
  const [text, setText] = useState('')
  const [chunks, setChunks] = useState<ShcChunkSet | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<SerializedError | null>(null)
  const [added, setAdded] = useState<HeldForeignCert | null>(null)
  useEffect(() => {
    void dispatch(foreignCertsRechecked())
  }, [dispatch])

  const verify = async (full: string) => {
    setBusy(true)
    const r = await dispatch(foreignCertAdded({ text: full }))
    setBusy(false)
    if (foreignCertAdded.fulfilled.match(r)) {
      setAdded(r.payload)
      setText('')
    } else setError(r.payload ?? { code: 'NP_ERR_FOREIGN_MALFORMED', message: r.error.message ?? '' })
  }

  /** One scanned or pasted text: a part of a multi-QR card is collected, anything else verified. */
  const take = (raw: string) => {
    const t = raw.trim()
    setError(null)
    setAdded(null)
    if (!t) return
    const lines = t.split(/\s+/)
    if (lines.length === 1 && shcChunkOf(t)) {
      try {
        const next = addShcChunk(chunks, t)
        const all = shcChunksComplete(next)
        setText('')
        if (all) {
          setChunks(null)
          void verify(all.join('\n'))
        } else setChunks(next)
      } catch (e) {
        // A part of another card: refused with its reason, the parts read so far are kept.
        setError(e instanceof NpError ? e.toJSON() : { code: 'NP_ERR_FOREIGN_CHUNKS', message: String(e) })
      }
      return
    }
    setChunks(null)
    void verify(t)
  }

  const scan = async () => {
    const t = await scanPassCode()
    if (t) take(t)
  }

  if (!person) return <Text className='np-muted'>{s.noPerson}</Text>
  const progress = chunks ? shcChunkProgress(chunks) : null
  return (
    <View className='np-card' data-section='foreign-add'>
      <Text className='np-muted'>{s.intro}</Text>
      <View className='np-button' data-action='foreign-scan' onClick={() => void scan()}>
        <Text>{s.scan}</Text>
      </View>
      <Text className='np-muted'>{s.paste}</Text>
      <Textarea
        className='np-input np-textarea'
        data-input='foreign-text'
        aria-label={s.paste}
        value={text}
        maxlength={-1}
        onInput={(e) => setText(e.detail.value)}
      />
      <View className='np-button' data-action='foreign-verify' onClick={() => take(text)}>
        <Text>{busy ? s.verifying : s.add}</Text>
      </View>
      {progress && (
        <View data-chunks={`${progress.have}/${progress.total}`}>
          <Text className='np-yellow'>{fill(s.parts, progress)}</Text>
          <Text className='np-tap' data-action='foreign-chunks-restart' onClick={() => setChunks(null)}>
            {s.restart}
          </Text>
        </View>
      )}
      {error && (
        <View data-foreign-error={error.code}>
          <ErrorText error={error} />
        </View>
      )}
      {added && (
        <View data-foreign-added={added.id} data-name-check={added.nameCheck}>
          <Text className='np-green'>{fill(s.added, { name: added.cert.person.maskedName })}</Text>
          {added.nameCheck === 'other-person' && <Text className='np-red'>{s.otherPerson}</Text>}
          <View className='np-button' data-action='foreign-back' onClick={() => void Taro.navigateBack()}>
            <Text>{s.back}</Text>
          </View>
        </View>
      )}
    </View>
  )
}
