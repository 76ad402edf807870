/**
 * `npm run conformance`: the conformance suite against one province's own
 * backend — its staging server, with its test people — writing a JUnit XML
 * report for the province's CI. The province's path to "ready to ship".
 *
 *   npm run conformance -- --plugin <slug> --base-url <url> --people <file>
 *        [--junit <file>] [--trust-list <url|file>] [--root-key <base64url>]
 *        [--app-key <key>] [--app-secret <secret>] [--timeout-ms <ms>]
 *
 * `--base-url` is the plugin's base URL (what `ctx.http` is bound to). When it
 * is our mock server (`npm run mock`, or `mock/lib/server.ts`), its root is
 * enough: the suite uses `<root>/<slug>`, the mock's DEMO trust list, its DEMO
 * people and secrets, and adds the faults (only our mocks inject them).
 * Secrets may also come from NP_APP_KEY / NP_APP_SECRET. Exit code 0 when
 * every check passes, 1 when one fails, 2 for bad usage.
 *
 * People file (JSON): `{ "people": [{ "label": "green adult",
 *   "identity": { "name", "idNumber", "phone", "birthDate" }, "colour": "green",
 *   "credential": { "kind": "super-app", "code": "<a login code your token endpoint redeems>" } }],
 *   "venue"?: { "venueId", "name" }, "legacyPlaceCodes"?: [{ "text", "venueId" }] }`.
 * The first person is also asked for tests, vaccinations, check-in and declarations.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import axios from 'axios'
import { demoPeople } from '../mock/data/people'
import { venuesOf } from '../mock/data/venues'
import { DEMO_ROOT_PUBLIC_KEY } from '../mock/keys'
import { demoPluginConfig, plugins } from '../plugins'
import { IDENTITY_FIELDS } from '../src/sdk/registry'
import type { Colour, HealthCode, Identity, VenueRef } from '../src/core/model'
import { ROOT_PUBLIC_KEY } from '../src/core/rootKey'
import { type SignedTrustList, type TrustList, verifyTrustList } from '../src/core/trustList'
import type { HostResult } from '../src/sdk/host'
import type { AnyProvincePlugin } from '../src/sdk/registry'
import type { PluginConfig } from '../src/sdk/types'
import {
  type CheckEnv,
  checkColour,
  checkFault,
  checkHook,
  checkIdentity,
  checkNothingPersonal,
} from '../test/conformance/checks'
import { createHarnessHost, demoCredential } from '../test/conformance/harness'
import { memorySessionStore } from '../src/sdk/host'
import type { SignInCredential } from '../src/sdk/types'
import { declaredHooks, faultsFor, type PluginRun, runPlugin } from '../test/conformance/run'

/** A usage or input error: printed as it is, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}

export interface TestPerson {
  label: string
  identity: Identity
  colour: Colour
  /**
   * How the suite signs in as this person (contract 2.1): a credential your
   * token endpoint redeems (e.g. a staging super-app login code or a test SMS
   * code). Against our mock the DEMO identity service issues one per person.
   */
  credential?: { kind: 'super-app' | 'sms'; code: string; expiresAt?: number }
  /** DEMO person key (our mock only). */
  demoKey?: string
}

export interface PeopleFile {
  people: TestPerson[]
  venue?: { venueId: string; name: string }
  legacyPlaceCodes?: Array<{ text: string; venueId: string }>
}

export interface ConformanceOptions {
  plugin: string
  baseUrl: string
  people?: string
  junit?: string
  trustList?: string
  rootKey?: string
  appKey?: string
  appSecret?: string
  timeoutMs?: number
}

/** One check's outcome. */
export interface CaseResult {
  group: string
  name: string
  ok: boolean
  message?: string
  ms: number
}

export interface ConformanceReport {
  plugin: string
  baseUrl: string
  mock: boolean
  cases: CaseResult[]
  notes: string[]
}

const COLOURS: readonly Colour[] = ['green', 'yellow', 'red']

/** Parse the CLI's arguments. */
export function parseArgs(argv: readonly string[]): ConformanceOptions {
  const out: Record<string, string> = {}
  const known = [
    'plugin',
    'base-url',
    'people',
    'junit',
    'trust-list',
    'root-key',
    'app-key',
    'app-secret',
    'timeout-ms',
  ]
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const [name, inline] = flag.includes('=')
      ? [flag.slice(0, flag.indexOf('=')), flag.slice(flag.indexOf('=') + 1)]
      : [flag, undefined]
    if (!name.startsWith('--') || !known.includes(name.slice(2)))
      throw new UsageError(`Unknown argument ${flag}; known: ${known.map((k) => `--${k}`).join(' ')}`)
    const value = inline ?? argv[++i]
    if (value === undefined) throw new UsageError(`${name} needs a value`)
    out[name.slice(2)] = value
  }
  if (!out.plugin || !out['base-url'])
    throw new UsageError(
      'Usage: npm run conformance -- --plugin <slug> --base-url <url> --people <file> [--junit <file>]',
    )
  const timeoutMs = out['timeout-ms'] === undefined ? undefined : Number(out['timeout-ms'])
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0 && timeoutMs <= 120_000))
    throw new UsageError('--timeout-ms must be a whole number of ms between 1 and 120000')
  return {
    plugin: out.plugin,
    baseUrl: out['base-url'],
    people: out.people,
    junit: out.junit,
    trustList: out['trust-list'],
    rootKey: out['root-key'],
    appKey: out['app-key'],
    appSecret: out['app-secret'],
    timeoutMs,
  }
}

/** Read and check a people file; every problem names the entry. */
export function parsePeople(text: string, plugin: AnyProvincePlugin, file = 'people file'): PeopleFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new UsageError(`${file} is not JSON: ${e instanceof Error ? e.message : String(e)}`)
  }
  const obj = (Array.isArray(raw) ? { people: raw } : raw) as Partial<PeopleFile> | null
  if (!obj || !Array.isArray(obj.people) || obj.people.length === 0)
    throw new UsageError(
      `${file}: expected { "people": [{ "label", "identity", "colour" }, …] } with at least one person`,
    )
  const needed = plugin.identityFields ?? []
  obj.people.forEach((p, i) => {
    const where = `${file}: people[${i}]`
    if (typeof p?.label !== 'string' || p.label.trim() === '') throw new UsageError(`${where} needs a "label"`)
    if (!COLOURS.includes(p.colour))
      throw new UsageError(`${where} (${p.label}): "colour" must be green, yellow or red`)
    if (typeof p.identity !== 'object' || p.identity === null)
      throw new UsageError(`${where} (${p.label}) needs an "identity"`)
    for (const f of needed)
      if (typeof p.identity[f] !== 'string' || p.identity[f] === '')
        throw new UsageError(`${where} (${p.label}): identity.${f} is needed by ${plugin.slug}`)
    for (const f of Object.keys(p.identity))
      if (!IDENTITY_FIELDS.includes(f as (typeof IDENTITY_FIELDS)[number]))
        throw new UsageError(
          `${where} (${p.label}): unknown identity field "${f}"; known: ${IDENTITY_FIELDS.join(', ')}`,
        )
  })
  if (obj.venue !== undefined && (typeof obj.venue?.venueId !== 'string' || typeof obj.venue.name !== 'string'))
    throw new UsageError(`${file}: "venue" must be { "venueId", "name" }`)
  return obj as PeopleFile
}

/** The DEMO people, with the colour the mock shows for this province now. */
function demoPeopleFor(plugin: AnyProvincePlugin): PeopleFile {
  const now = Date.now()
  return {
    people: demoPeople.map((p) => ({
      label: `DEMO ${p.key}`,
      identity: p.identity,
      colour: p.code(plugin.id, now).colour,
      demoKey: p.key,
    })),
  }
}

/** `{ backends }` when `root` is our mock server, else undefined. */
async function probeMock(root: string): Promise<Array<{ slug: string; province: string }> | undefined> {
  try {
    const res = await axios.get(`${root}/`, { adapter: 'http', timeout: 5000, validateStatus: () => true })
    const body = res.data as { mock?: unknown; backends?: unknown }
    return body?.mock === 'national-pass DEMO' && Array.isArray(body.backends)
      ? (body.backends as Array<{ slug: string; province: string }>)
      : undefined
  } catch {
    // Not reachable or not ours: a province's own backend.
    return undefined
  }
}

async function loadTrustList(source: string, rootKey: string): Promise<TrustList> {
  const signed = /^https?:\/\//.test(source)
    ? ((await axios.get(source, { adapter: 'http', timeout: 10_000 })).data as SignedTrustList)
    : (JSON.parse(readFileSync(resolve(source), 'utf8')) as SignedTrustList)
  return verifyTrustList(signed, rootKey)
}

/** Run the suite; never throws for a failing check (that is a failed case), only for bad usage. */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const plugin = plugins.find((p) => p.slug === options.plugin)
  if (!plugin)
    throw new UsageError(`No plugin "${options.plugin}"; registered: ${plugins.map((p) => p.slug).join(', ')}`)
  let base = options.baseUrl.replace(/\/+$/, '')
  if (!/^https?:\/\//.test(base)) throw new UsageError(`--base-url must be an http(s) URL, got ${options.baseUrl}`)
  const notes: string[] = []
  const root = base.endsWith(`/${plugin.slug}`) ? base.slice(0, -plugin.slug.length - 1) : base
  const backends = await probeMock(root)
  const mock = backends?.some((b) => b.slug === plugin.slug) === true
  if (mock) {
    base = `${root}/${plugin.slug}`
    notes.push(`${root} is the National Pass mock: using ${base}, its DEMO trust list and people, and the faults`)
  } else notes.push('not our mock: the faults are skipped (only our mock backends inject them)')

  const people = options.people
    ? parsePeople(readFileSync(resolve(options.people), 'utf8'), plugin, options.people)
    : mock
      ? demoPeopleFor(plugin)
      : undefined
  if (!people) throw new UsageError('--people <file> is needed for a backend other than our mock')

  const demo = demoPluginConfig(root)[plugin.id]
  const appKey = options.appKey ?? (process.env.NP_APP_KEY || undefined) ?? (mock ? demo?.appKey : undefined)
  const appSecret =
    options.appSecret ?? (process.env.NP_APP_SECRET || undefined) ?? (mock ? demo?.appSecret : undefined)
  const config: PluginConfig = { baseURL: base, ...(appKey ? { appKey } : {}), ...(appSecret ? { appSecret } : {}) }

  let trustList: TrustList = { version: 0, issuedAt: 0, keys: [], revoked: [] }
  const trustSource = options.trustList ?? (mock ? `${root}/national/trust-list` : undefined)
  const rootKey = options.rootKey ?? (mock ? DEMO_ROOT_PUBLIC_KEY : ROOT_PUBLIC_KEY)
  let trustProblem: string | undefined
  if (trustSource) {
    try {
      trustList = await loadTrustList(trustSource, rootKey)
    } catch (e) {
      trustProblem = `trust list ${trustSource} does not verify: ${e instanceof Error ? e.message : String(e)}`
    }
  } else if (plugin.signs !== false)
    trustProblem = 'no trust list given (--trust-list <url|file>): claims cannot verify'
  if (trustProblem) notes.push(trustProblem)

  // The witness for faults: another plugin the mock serves, with the default deadline.
  const witness = mock
    ? plugins.find(
        (p) =>
          p.id !== plugin.id &&
          p.timeoutMs === undefined &&
          typeof p.getHealthCode === 'function' &&
          backends?.some((b) => b.slug === p.slug),
      )
    : undefined
  const hostPlugins = witness ? [plugin, witness] : [plugin]
  const witnessConfig = witness ? demoPluginConfig(root)[witness.id] : undefined
  // Each person is signed in as themselves (the backends refuse anyone else's data).
  const credentialOf = (person: TestPerson): (() => Promise<SignInCredential>) | undefined => {
    if (person.credential) {
      const c = person.credential
      return async () => ({ kind: c.kind, code: c.code, expiresAt: c.expiresAt ?? Date.now() + 10 * 60_000 })
    }
    if (mock && person.demoKey) {
      const key = person.demoKey
      return () => demoCredential(root, key)
    }
    return undefined
  }
  const hostFor = (person: TestPerson) => {
    const credential = credentialOf(person)
    if (!credential) notes.push(`${person.label}: no "credential" in the people file: the suite cannot sign in as them`)
    return createHarnessHost({
      plugins: hostPlugins,
      configFor: (p) => (p.id === plugin.id ? config : (witnessConfig as PluginConfig)),
      defaultTimeoutMs: options.timeoutMs,
      ...(credential ? { auth: { sessions: memorySessionStore(), credential } } : {}),
    })
  }
  const h = hostFor(people.people[0])
  const harness = { host: h.host, trustList }

  const cases: CaseResult[] = []
  const record = (group: string, name: string, fn: () => void): void => {
    const started = Date.now()
    try {
      fn()
      cases.push({ group, name, ok: true, ms: Date.now() - started })
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      cases.push({
        group,
        name,
        ok: false,
        message: trustProblem ? `${message} [${trustProblem}]` : message,
        ms: Date.now() - started,
      })
    }
  }

  const [first] = people.people
  const venue: VenueRef | undefined = people.venue
    ? { province: plugin.id, venueId: people.venue.venueId, name: people.venue.name, source: 'national' }
    : undefined
  let run: PluginRun | undefined
  let runError: string | undefined
  try {
    run = await runPlugin(harness, plugin, witness, { traveller: first.identity, venue, faults: mock })
  } catch (e) {
    runError = e instanceof Error ? e.message : String(e)
  }
  const env: CheckEnv = {
    trustList,
    legacyVenues: mock
      ? venuesOf(plugin.id)
      : (people.legacyPlaceCodes ?? []).map((c) => ({
          province: plugin.id,
          venueId: c.venueId,
          name: c.venueId,
          source: 'legacy' as const,
          legacyCode: c.text,
        })),
    noVenueIsOk: mock && venuesOf(plugin.id).length === 0,
  }
  const needRun = (): PluginRun => {
    if (!run) throw new Error(`the run failed: ${runError}`)
    return run
  }
  for (const hook of declaredHooks(plugin))
    record('capabilities', `${hook} answers valid domain objects`, () => checkHook(plugin, hook, needRun(), env))

  for (const person of people.people) {
    const ph = person === people.people[0] ? h : hostFor(person)
    const result = (await ph.host.callWith(
      { timeoutMs: options.timeoutMs ?? 3 * (plugin.timeoutMs ?? 8000) },
      plugin.id,
      'getHealthCode',
      person.identity,
    )) as HostResult<HealthCode>
    const verification =
      'data' in result ? ph.host.verifyClaims(plugin.id, 'getHealthCode', result.data, trustList) : undefined
    record('people', `${person.label} is ${person.colour}`, () =>
      checkColour(plugin, person.label, person.colour, result, verification),
    )
  }

  record('identity', 'the person handed over has exactly the declared identity fields', () =>
    checkIdentity(plugin, h.received),
  )
  if (mock)
    for (const [fault, codes] of faultsFor(plugin))
      record('faults', `fault ${fault} is this province's typed error`, () =>
        checkFault(plugin, fault, codes, needRun()),
      )

  const secrets = people.people
    .flatMap((p) => [p.identity.idNumber, p.identity.phone, p.identity.name])
    .filter((s): s is string => typeof s === 'string' && s.length >= 2)
  const messages = cases.map((c) => c.message ?? '').join('\n')
  record('privacy', 'nothing personal reaches the logs or the messages', () =>
    checkNothingPersonal(JSON.stringify(h.logs) + JSON.stringify(run ?? {}) + messages, secrets),
  )
  return { plugin: plugin.slug, baseUrl: base, mock, cases, notes }
}

/** Characters XML 1.0 allows (tab, newline, carriage return, and from space up, minus surrogates and U+FFFE/F). */
const xmlChar = (c: string): boolean => {
  const n = c.charCodeAt(0)
  return n === 9 || n === 10 || n === 13 || (n >= 32 && n < 0xd800) || (n > 0xdfff && n < 0xfffe)
}

const xml = (s: string): string =>
  [...s]
    .filter(xmlChar)
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

/** JUnit XML for CI (one testsuite, one testcase per check). */
export function junitXml(report: ConformanceReport): string {
  const failures = report.cases.filter((c) => !c.ok).length
  const seconds = (ms: number) => (ms / 1000).toFixed(3)
  const total = report.cases.reduce((sum, c) => sum + c.ms, 0)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="National Pass conformance" tests="${report.cases.length}" failures="${failures}" time="${seconds(total)}">`,
    `  <testsuite name="conformance ${xml(report.plugin)}" tests="${report.cases.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(total)}">`,
    '    <properties>',
    `      <property name="baseUrl" value="${xml(report.baseUrl)}"/>`,
    `      <property name="mock" value="${report.mock}"/>`,
    ...report.notes.map((n) => `      <property name="note" value="${xml(n)}"/>`),
    '    </properties>',
  ]
  for (const c of report.cases) {
    const open = `    <testcase classname="${xml(`${report.plugin}.${c.group}`)}" name="${xml(c.name)}" time="${seconds(c.ms)}"`
    if (c.ok) lines.push(`${open}/>`)
    else
      lines.push(
        `${open}>`,
        `      <failure message="${xml(c.message ?? 'failed')}" type="ConformanceFailure">${xml(c.message ?? '')}</failure>`,
        '    </testcase>',
      )
  }
  lines.push('  </testsuite>', '</testsuites>', '')
  return lines.join('\n')
}

/** The CLI: returns the exit code. */
export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<number> {
  let options: ConformanceOptions
  let report: ConformanceReport
  try {
    options = parseArgs(argv)
    report = await runConformance(options)
  } catch (e) {
    if (e instanceof UsageError) {
      log(e.message)
      return 2
    }
    throw e
  }
  const junit = resolve(options.junit ?? `conformance-${report.plugin}.xml`)
  writeFileSync(junit, junitXml(report))
  log(`Conformance of ${report.plugin} against ${report.baseUrl}`)
  for (const n of report.notes) log(`  note: ${n}`)
  for (const c of report.cases) log(`  ${c.ok ? '✓' : '✗'} [${c.group}] ${c.name}${c.ok ? '' : `\n      ${c.message}`}`)
  const failed = report.cases.filter((c) => !c.ok).length
  log(
    failed === 0
      ? `PASS: ${report.cases.length} checks. JUnit report: ${junit}`
      : `FAIL: ${failed} of ${report.cases.length} checks failed. JUnit report: ${junit}`,
  )
  return failed === 0 ? 0 : 1
}

if (process.argv[1]?.replace(/\\/g, '/').endsWith('scripts/conformance.ts')) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      console.error(e)
      process.exitCode = 2
    },
  )
}
