import { Text, View } from '@tarojs/components'
import type { Lang } from '../../core/rules/types'
import { dataProps, savedCard } from './savedCard'
import type { SavedDisplay } from './savedDisplay'

/**
 * The first frame of the pass page (issue 16): the saved display record only —
 * the saved colour, whose pass, the headline counts, what it could not see,
 * its age — labelled "saved, refreshing…" until the pass is verified again.
 * `data-verified="true"` only when the colour came from a code verified when
 * it was saved (the only colour a record carries); `data-saved-stale` when it
 * is older than the QR's freshness window or a code has expired. What it says
 * is ./savedCard.ts, shared with the H5 boot shell (src/boot/savedShell.ts).
 */
export function SavedColour({
  display,
  now,
  refreshing,
  lang,
}: {
  display: SavedDisplay
  /** Server time now. */
  now: number
  /** A refresh is running or about to: false once it ended without verifying the pass again (offline, failures). */
  refreshing: boolean
  /** The traveller's language once settings are read; before that (the first frame), the one saved with the record. */
  lang?: Lang
}) {
  const card = savedCard(display, now, refreshing, lang ?? display.lang)
  return (
    <View className='np-card np-saved' {...dataProps(card.data)}>
      {card.lines.map((line, i) => (
        // A fixed list for one record: its position is its identity.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <View key={i} {...dataProps(line.data)}>
          <Text className={line.className || undefined}>{line.text}</Text>
        </View>
      ))}
    </View>
  )
}
