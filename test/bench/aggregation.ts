/**
 * Aggregation: every province plugin answering through the host, from the
 * mock backends, exactly as the pass page asks (`queryProvince`: health code,
 * tests and doses in parallel, claims verified against the trust list). Each
 * backend gets a seeded latency of 50–300 ms per response (mock fault `slow`
 * with `x-np-delay`); one backend hangs (fault `hang`) and must resolve at the
 * province deadline. The floor is the slowest answering backend's own latency,
 * measured: the longest time one hook call of an answering plugin spent
 * with a request in flight (Hainan's mock adds its own ~800 ms and 503s).
 */
import { performance } from 'node:perf_hooks'
import type { AxiosInstance } from 'axios'
import type { Identity } from '../../src/core/model'
import { ROOT_PUBLIC_KEY } from '../../src/core/rootKey'
import { type SignedTrustList, type TrustList, verifyTrustList } from '../../src/core/trustList'
import { createHost, memorySessionStore, createRegistry } from '../../src/sdk/host'
import { createNodeHttp } from '../../src/sdk/http'
import type { PluginConfig } from '../../src/sdk/types'
import { demoPerson } from '../../mock/data/people'
import { startMockServer } from '../../mock/lib/server'
import { allBackends } from '../../mock/provinces'
import { demoPluginConfig, plugins } from '../../plugins'
import { median } from './measure'
import type { BenchRow } from './types'

const SEED = 20_221_126
const RUNS = 3

/** mulberry32: the same latencies on every machine and run. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Query = (
  province: string,
  person: Identity,
  trustList: TrustList,
  timeoutMs: number,
) => Promise<{ status: string; error?: { code: string } }>

interface Run {
  allAnsweredMs: number
  floorMs: number
  hangResolvedMs: number
  hangStatus: string
  answered: number
  failed: string[]
}

export async function benchAggregation(): Promise<BenchRow[]> {
  const random = rng(SEED)
  const delays = new Map(plugins.map((p) => [p.id, 50 + Math.round(random() * 250)]))
  const hanging = plugins[Math.floor(random() * plugins.length)].id
  const server = await startMockServer({ port: 0, host: '127.0.0.1', backends: allBackends })
  try {
    const configs = demoPluginConfig(server.url)
    const idByBase = new Map(Object.entries(configs).map(([id, c]) => [c.baseURL, id]))
    let faults = true
    /** Per plugin: the longest time one hook call spent waiting on its backend. */
    const backendMs = new Map<string, number>()
    const httpFactory = (config: PluginConfig): AxiosInstance => {
      const id = idByBase.get(config.baseURL) ?? ''
      const http = createNodeHttp(config)
      if (faults) {
        if (id === hanging) http.defaults.headers.common['x-np-fault'] = 'hang'
        else {
          http.defaults.headers.common['x-np-fault'] = 'slow'
          http.defaults.headers.common['x-np-delay'] = String(delays.get(id))
        }
      }
      // Time with at least one request of this hook call in flight (parallel requests counted once).
      let waited = 0
      let inFlight = 0
      let busySince = 0
      const settle = (): void => {
        inFlight -= 1
        if (inFlight > 0) return
        waited += performance.now() - busySince
        backendMs.set(id, Math.max(backendMs.get(id) ?? 0, waited))
      }
      http.interceptors.request.use((r) => {
        if (inFlight === 0) busySince = performance.now()
        inFlight += 1
        return r
      })
      http.interceptors.response.use(
        (r) => {
          settle()
          return r
        },
        (e: unknown) => {
          settle()
          return Promise.reject(e)
        },
      )
      return http
    }
    const clock = { now: Date.now, skewMs: () => 0, observe: () => undefined }
    const host = createHost({
      registry: createRegistry(plugins),
      httpFactory,
      clock,
      configFor: (id) => configs[id],
      consent: () => true,
      // Signed in as the DEMO traveller; the warm-up run below obtains every province's session.
      auth: {
        sessions: memorySessionStore(),
        credential: () => {
          const c = server.auth.issueCredential(demoPerson('green'), Date.now())
          return { kind: 'super-app', code: c.credential, expiresAt: c.expiresAt }
        },
      },
    })
    const thunks = await import('../../src/features/pass/passThunks').catch(() => undefined)
    const deadline: number = thunks?.PROVINCE_DEADLINE_MS ?? 5000
    const query: Query = thunks
      ? (province, person, trustList, timeoutMs) =>
          thunks.queryProvince({ host, clock } as never, province, person, trustList, timeoutMs)
      : async (province, person, trustList, timeoutMs) => {
          const r = await host.callWith({ timeoutMs }, province, 'getHealthCode', person)
          if ('error' in r)
            return { status: r.error.code === 'NP_ERR_PLUGIN_TIMEOUT' ? 'timeout' : 'failed', error: r.error }
          host.verifyClaims(province, 'getHealthCode', r.data, trustList)
          return { status: 'done' }
        }
    const res = await fetch(`${server.url}/national/trust-list`)
    const trustList = verifyTrustList((await res.json()) as SignedTrustList, ROOT_PUBLIC_KEY)
    const person = demoPerson('green').identity

    const once = async (): Promise<Run> => {
      backendMs.clear()
      const t0 = performance.now()
      const done = await Promise.all(
        plugins.map(async (p) => {
          const r = await query(p.id, person, trustList, deadline)
          return { id: p.id, status: r.status, code: r.error?.code, ms: performance.now() - t0 }
        }),
      )
      const answered = done.filter((d) => d.status === 'done' || d.status === 'unverified')
      const hang = done.find((d) => d.id === hanging)!
      const floorMs = Math.max(...answered.map((d) => backendMs.get(d.id) ?? 0))
      return {
        allAnsweredMs: Math.max(...answered.map((d) => d.ms)),
        floorMs,
        hangResolvedMs: hang.ms,
        hangStatus: hang.status,
        answered: answered.length,
        failed: done
          .filter((d) => d.id !== hanging && !answered.includes(d))
          .map((d) => `${d.id} ${d.status} ${d.code ?? ''}`.trim()),
      }
    }

    faults = false
    await once() // warm-up: no latencies, no hang
    faults = true
    const runs: Run[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await once())
    const all = median(runs.map((r) => r.allAnsweredMs))
    const floor = median(runs.map((r) => r.floorMs))
    const hang = median(runs.map((r) => r.hangResolvedMs))
    const answered = Math.min(...runs.map((r) => r.answered))
    const failed = [...new Set(runs.flatMap((r) => r.failed))]
    const note = `${answered}/${plugins.length - 1} answered${failed.length ? ` (not: ${failed.join(', ')})` : ''}; hanging ${hanging} → ${runs.map((r) => r.hangStatus).join(',')}`
    return [
      {
        name: 'aggregation.allAnswered',
        value: Math.round(all),
        unit: 'ms',
        ratio: all / floor,
        reference: `slowest answering backend ${Math.round(floor)} ms (floor); median of ${RUNS}`,
        note,
      },
      {
        name: 'aggregation.hangResolved',
        value: Math.round(hang),
        unit: 'ms',
        ratio: hang / deadline,
        reference: `deadline ${deadline} ms`,
        note,
      },
    ]
  } finally {
    await server.close()
  }
}
