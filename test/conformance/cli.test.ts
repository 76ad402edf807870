/**
 * `npm run conformance` against a separately started backend: one mock
 * province server on an ephemeral port (mock/lib/server.ts) passes and writes
 * a JUnit report; a "province's own" backend in front of it that answers wrong
 * colours fails with readable messages (and the faults are skipped: only our
 * mocks inject them).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { demoPerson } from '../../mock/data/people'
import { DEMO_ROOT_PUBLIC_KEY } from '../../mock/keys'
import { type MockServer, startMockServer } from '../../mock/lib/server'
import { demoCredential } from './harness'
import { guangdongBackend } from '../../mock/provinces/guangdong'
import { junitXml, parseArgs, parsePeople } from '../../scripts/conformance'
import { plugins } from '../../plugins'

jest.setTimeout(120_000)

const repo = resolve(__dirname, '../..')

/** Run the CLI as `npm run conformance` does; resolves with its exit code and output. */
function conformance(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/conformance.ts', ...args],
      { cwd: repo, encoding: 'utf8', env: { ...process.env, NP_APP_KEY: '', NP_APP_SECRET: '' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 2) : 0
        done({ code, out: stdout + stderr })
      },
    )
  })
}

let server: MockServer
let wrong: Server
let wrongUrl = ''
let dir: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'np-conformance-'))
  server = await startMockServer({ port: 0, backends: [guangdongBackend] })
  // A province's own backend that answers red for everyone: forwards to the mock, rewrites the colour.
  wrong = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const headers: Record<string, string> = {}
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v
      const upstream = await fetch(`${server.url}/guangdong${req.url}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' ? undefined : Buffer.concat(chunks),
      })
      let text = await upstream.text()
      if (req.url?.includes('/code/query')) {
        const body = JSON.parse(text) as { data?: { codeColor?: string } }
        if (body.data) body.data.codeColor = '3'
        text = JSON.stringify(body)
      }
      res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' })
      res.end(text)
    })
  })
  await new Promise<void>((r) => wrong.listen(0, '127.0.0.1', r))
  wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`
})
afterAll(async () => {
  await server?.close()
  await new Promise((r) => wrong?.close(r))
  rmSync(dir, { recursive: true, force: true })
})

test('against a separately started mock it passes, with the faults, and writes JUnit', async () => {
  const junit = join(dir, 'guangdong.xml')
  const { code, out } = await conformance(['--plugin', 'guangdong', '--base-url', server.url, '--junit', junit])
  expect(out).toContain('PASS')
  expect(code).toBe(0)
  const xml = readFileSync(junit, 'utf8')
  expect(xml).toMatch(/<testsuite name="conformance guangdong" tests="(\d+)" failures="0"/)
  for (const name of [
    'getHealthCode answers valid domain objects',
    'fault hang is this province',
    'DEMO green is green',
  ])
    expect(xml).toContain(name)
  expect(xml).not.toContain('<failure')
})

test('against a backend that answers wrong colours it fails with readable messages', async () => {
  const green = demoPerson('green')
  const people = join(dir, 'people.json')
  writeFileSync(
    people,
    JSON.stringify(
      {
        people: [
          {
            label: 'green adult',
            identity: green.identity,
            colour: 'green',
            // The staging identity service's one-time code for this test person (here: the mock's).
            credential: await demoCredential(server.url, 'green'),
          },
        ],
      },
      null,
      2,
    ),
  )
  const junit = join(dir, 'wrong.xml')
  const { code, out } = await conformance([
    '--plugin',
    'guangdong',
    '--base-url',
    wrongUrl,
    '--people',
    people,
    '--junit',
    junit,
    '--trust-list',
    `${server.url}/national/trust-list`,
    '--root-key',
    DEMO_ROOT_PUBLIC_KEY,
    '--app-key',
    'np-demo-guangdong',
    '--app-secret',
    'np-demo-guangdong-secret',
  ])
  expect(code).toBe(1)
  expect(out).toContain('✗ [people] green adult is green')
  expect(out).toContain('green adult: expected colour green, got red')
  expect(out).toMatch(
    /getHealthCode answers valid domain objects\n\s+claim 0: expected verified, got invalid NP_ERR_CLAIM_MISMATCH/,
  )
  expect(out).toContain('faults are skipped')
  expect(out).toMatch(/FAIL: 2 of \d+ checks failed/)
  const xml = readFileSync(junit, 'utf8')
  expect(xml).toContain('<failure message="green adult: expected colour green, got red"')
  expect(xml).toContain('failures="2"')
  for (const secret of [green.identity.idNumber, green.identity.phone, green.identity.name])
    expect(out + xml).not.toContain(secret)
})

describe('inputs', () => {
  const gd = plugins.find((p) => p.slug === 'guangdong')!
  test('bad arguments and people files are refused with what to fix', () => {
    expect(() => parseArgs(['--plugin', 'guangdong'])).toThrow(/Usage: npm run conformance/)
    expect(() => parseArgs(['--plugin', 'guangdong', '--base-url', 'x', '--colour', 'red'])).toThrow(/Unknown argument/)
    expect(() => parsePeople('{', gd)).toThrow(/not JSON/)
    expect(() => parsePeople('{"people":[]}', gd)).toThrow(/at least one person/)
    expect(() => parsePeople('[{"label":"a","identity":{"name":"x"},"colour":"green"}]', gd)).toThrow(
      /people\[0\] \(a\): identity.idNumber is needed by guangdong/,
    )
    expect(() => parsePeople('[{"label":"a","identity":{},"colour":"blue"}]', gd)).toThrow(
      /must be green, yellow or red/,
    )
  })

  test('JUnit escapes what it quotes', () => {
    const xml = junitXml({
      plugin: 'guangdong',
      baseUrl: 'http://x/?a=1&b=<2>',
      mock: false,
      notes: [],
      cases: [{ group: 'people', name: 'a "b"', ok: false, message: 'x < y & \u0001z', ms: 1 }],
    })
    expect(xml).toContain('value="http://x/?a=1&amp;b=&lt;2&gt;"')
    expect(xml).toContain('name="a &quot;b&quot;"')
    expect(xml).toContain('message="x &lt; y &amp; z"')
  })
})
