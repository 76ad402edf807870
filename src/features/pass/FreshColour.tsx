/**
 * A cold start's first verified colour (issue 16): the current province's
 * answer, shown by the pass page the moment it is verified, while the full
 * view's code (the QR, every authority, the verdict) is still on its way. The
 * current province's row only — its colour, issuer, whether it verified, or
 * why it failed — and how many authorities are still being asked: never a
 * verdict, which needs every answer and the rules. H5 only (in the services
 * chunk with the refresh's code, src/pages/pass/passView.h5.ts); the full view
 * replaces it once the start is over.
 */
import { Text, View } from '@tarojs/components'
import { useAppSelector } from '../../app/hooks'
import { fill, useStrings } from '../../components/useI18n'
import { selectCurrentProvince, selectLang } from '../settings/settingsSlice'
import { Authority } from './AuthorityCard'
import { selectPassOf, selectSkewMs } from './passSlice'
import { passStrings } from './strings'
import { formatWhen } from './viewLogic'

export default function FreshColour({ personId }: { personId: string }) {
  const s = useStrings(passStrings)
  const lang = useAppSelector(selectLang)
  const current = useAppSelector(selectCurrentProvince)
  const pass = useAppSelector((state) => selectPassOf(state, personId))
  const skewMs = useAppSelector(selectSkewMs)
  if (!pass || pass.asked.length === 0) return null
  const now = Date.now() - skewMs
  const shown = pass.asked.includes(current) ? current : null
  const others = pass.asked.length - (shown ? 1 : 0)
  return (
    <View className='np-card' data-section='fresh'>
      {shown && (
        <Authority
          result={pass.provinces[shown]}
          province={shown}
          lang={lang}
          s={s}
          at={(ms) => formatWhen(ms, now, lang)}
          now={now}
          offline={pass.offline ?? false}
        />
      )}
      {others > 0 && <Text className='np-muted'>{fill(s.freshOthers, { n: others })}</Text>}
    </View>
  )
}
