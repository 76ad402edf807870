/**
 * `npm run mock`: every mock province backend on one fixed port, for the app
 * in development (H5 and the mini-program IDEs). DEMO data and keys only.
 *
 *   MOCK_PORT=9400 npm run mock     # another port
 */
import { startMockServer } from './lib/server'
import { allBackends } from './provinces'

/** The documented default port of the mock backends. */
export const DEFAULT_MOCK_PORT = 9300

async function main(): Promise<void> {
  const port = Number(process.env.MOCK_PORT ?? DEFAULT_MOCK_PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`MOCK_PORT must be a port number, got ${process.env.MOCK_PORT}`)
  const server = await startMockServer({ port, host: '127.0.0.1', backends: allBackends })
  console.log(`National Pass DEMO mock backends on ${server.url}`)
  console.log(
    `  ${allBackends.length} provinces: ${server.url}/<slug>/...   (e.g. ${server.url}/${allBackends[0]?.slug ?? 'guangdong'}/)`,
  )
  console.log(`  trust list:  ${server.url}/national/trust-list`)
  console.log(`  rules:       ${server.url}/national/rules/<province code>`)
  console.log(`  login:       POST ${server.url}/identity/login {"code":"demo-green"}`)
  console.log('  faults:      header x-np-fault or ?fault= 500|503|html|badjson|shape|badsig|hang|slow')
  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
