/**
 * The guard's view of a verified foreign certificate: its type and issuer
 * country, the masked name and birth date to compare with the passport, and
 * what it records. The lines come worded from the on-demand verifier
 * (foreignCheck.ts), so this main-package component only lays them out.
 */
import { Text, View } from '@tarojs/components'
import type { ForeignSummary } from './foreignBridge'

export function ForeignVerdict({ info }: { info: ForeignSummary }) {
  const l = info.lines
  return (
    <View data-foreign={info.kind} data-foreign-country={info.issuerCountry}>
      <View data-foreign-type>
        <Text>{l.type}</Text>
      </View>
      <View data-foreign-issuer>
        <Text>{l.country}</Text>
      </View>
      <View data-holder>
        <Text>{l.compare} </Text>
        <Text className='np-holder' data-foreign-name>
          {l.name}
        </Text>
      </View>
      {l.entries.map((e) => (
        <View key={e} data-foreign-entry>
          <Text>{e}</Text>
        </View>
      ))}
    </View>
  )
}
