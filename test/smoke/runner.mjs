/**
 * A tiny jest-free test runner for the smoke tests.
 *
 *   const t = createRunner()
 *   t.pass('name', 'detail'); t.fail('name', 'why'); await t.test('name', async () => { ... })
 *   process.exit(t.summary())   // prints "N passed, M failed", returns the exit code
 *
 * A test passes when its function resolves; throwing fails it (the message is printed).
 * A test function may return a string, printed after the name (`✓ name: detail`).
 */
export function createRunner({ out = console.log } = {}) {
  const results = []
  const record = (ok, name, detail) => {
    results.push({ ok, name, detail })
    const lines = String(detail ?? '').split('\n')
    out(`${ok ? '✓' : '✗'} ${name}${lines[0] ? `: ${lines[0]}` : ''}`)
    for (const l of lines.slice(1)) out(`    ${l}`)
  }
  return {
    results,
    pass: (name, detail) => record(true, name, detail),
    fail: (name, detail) => record(false, name, detail),
    note: (text) => out(`  · ${text}`),
    async test(name, fn) {
      try {
        const detail = await fn()
        record(true, name, typeof detail === 'string' ? detail : '')
        return true
      } catch (err) {
        record(false, name, err instanceof Error ? err.message : String(err))
        return false
      }
    },
    get passed() {
      return results.filter((r) => r.ok).length
    },
    get failed() {
      return results.filter((r) => !r.ok).length
    },
    /** Prints the closing `N passed, M failed` line; returns the process exit code. */
    summary() {
      const failed = results.filter((r) => !r.ok)
      if (failed.length) {
        out('')
        out('Failed:')
        for (const r of failed) out(`  ✗ ${r.name}: ${String(r.detail).split('\n')[0]}`)
      }
      out(`${results.length - failed.length} passed, ${failed.length} failed`)
      return failed.length === 0 && results.length > 0 ? 0 : 1
    },
  }
}
