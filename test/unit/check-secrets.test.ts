/**
 * The bundle secret check: it knows every secret the DEMO servers hold, finds
 * one planted in a built file in any of its forms, and passes a clean build.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { bundleSecrets } from '../../mock/secrets'
import { GUANGDONG_DEMO_SECRET } from '../../mock/provinces/guangdong'
import { SHANGHAI_DEMO_AES_KEY } from '../../mock/provinces/shanghai'
import { demoKeyFor } from '../../mock/keys'
import { scanForSecrets } from '../../scripts/secretScan'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'np-secrets-'))
  fs.mkdirSync(path.join(dir, 'pages', 'pass'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'app.js'), 'console.log("national pass");\n')
  fs.writeFileSync(path.join(dir, 'pages', 'pass', 'index.js'), 'module.exports = { colour: "green" };\n')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('bundle secret check', () => {
  const secrets = bundleSecrets()

  it('lists the app secrets, the private keys in every form and the derivation label', () => {
    const values = secrets.map((s) => s.value)
    expect(values).toContain(GUANGDONG_DEMO_SECRET)
    expect(values).toContain(SHANGHAI_DEMO_AES_KEY)
    expect(values).toContain('national-pass DEMO key')
    const gd1 = Buffer.from(demoKeyFor('440000').secretKey)
    expect(values).toEqual(expect.arrayContaining([gd1.toString('hex'), gd1.toString('base64')]))
    expect(secrets.every((s) => s.value.length >= 8)).toBe(true)
  })

  it('passes a clean build', () => {
    expect(scanForSecrets([dir], secrets)).toEqual([])
  })

  it.each(secrets.map((s) => [s.name, s.value]))('finds a planted %s', (name, value) => {
    fs.writeFileSync(path.join(dir, 'pages', 'pass', 'index.js'), `var k=${JSON.stringify(value)};module.exports=k;\n`)
    expect(scanForSecrets([dir], secrets)).toEqual(
      expect.arrayContaining([{ file: path.join(dir, 'pages', 'pass', 'index.js'), secret: name }]),
    )
  })

  it('finds a secret inside a minified line of a nested file', () => {
    fs.writeFileSync(path.join(dir, 'common.js'), `!function(){var a="x${GUANGDONG_DEMO_SECRET}y"}();`)
    expect(scanForSecrets([dir], secrets).map((f) => f.secret)).toEqual(['Guangdong app secret'])
  })
})
