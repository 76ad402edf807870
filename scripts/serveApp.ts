/**
 * Serves the production H5 build and the mock province backends on 127.0.0.1.
 * The H5 app calls its backends at the relative path `/np-api/…`, which this
 * server forwards to the mock server, so the page and its API share one origin.
 */
import { createReadStream, existsSync, statSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { startMockServer } from '../mock/lib/server'
import { allBackends } from '../mock/provinces'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
}

/**
 * Caching of a served file. index.html, the service worker and the manifest are
 * revalidated on every load, so a new build is seen (the worker then updates the
 * rest); content-hashed assets are immutable. The worker may control the whole
 * origin (`Service-Worker-Allowed: /`).
 */
export function headersFor(file: string): Record<string, string> {
  const name = path.basename(file)
  const headers: Record<string, string> = {
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
  }
  if (name === 'sw.js') {
    headers['cache-control'] = 'no-cache'
    headers['service-worker-allowed'] = '/'
  } else if (name === 'index.html' || name === 'manifest.webmanifest' || !/\.[0-9a-f]{8}\./.test(name)) {
    headers['cache-control'] = 'no-cache'
  } else {
    headers['cache-control'] = 'public, max-age=31536000, immutable'
  }
  return headers
}

export interface ServeOptions {
  /** Port for the H5 app; 0 picks a free one. */
  port?: number
  /** Port for the mock backends; 0 picks a free one. */
  mockPort?: number
  distDir?: string
  /**
   * Tests only: a file's content served in place of the build's (e.g. a new
   * build's sw.js), by request path; `undefined` serves the build as is.
   */
  override?: (pathname: string) => string | Buffer | undefined
}

export interface ServedApp {
  url: string
  mockUrl: string
  close(): Promise<void>
  mock: Awaited<ReturnType<typeof startMockServer>>
}

export const API_PREFIX = '/np-api'

export async function serveApp(options: ServeOptions = {}): Promise<ServedApp> {
  const distDir = options.distDir ?? path.resolve(__dirname, '..', 'dist', 'h5')
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(`No H5 build in ${distDir}: run "npm run build:h5" first`)
  }
  const mock = await startMockServer({ port: options.mockPort ?? 0, host: '127.0.0.1', backends: allBackends })
  const mockPort = new URL(mock.url).port

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname.startsWith(`${API_PREFIX}/`) || url.pathname === API_PREFIX) {
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: mockPort,
          method: req.method,
          path: url.pathname.slice(API_PREFIX.length) + url.search,
          headers: req.headers,
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers)
          up.pipe(res)
        },
      )
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' })
        res.end('mock backend unreachable')
      })
      // res, not req: since Node 16 a request emits 'close' once its body is read, before the answer.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy()
      })
      req.pipe(upstream)
      return
    }
    // A national place-code opened by a phone's camera: https://<domain>/p/<payload> → the scan page.
    const placeCode = /^\/p\/([A-Za-z0-9_-]+)$/.exec(url.pathname)
    if (placeCode) {
      res.writeHead(302, { location: `/#/pages/scan/index?c=${placeCode[1]}` })
      res.end()
      return
    }
    let file = path.join(distDir, decodeURIComponent(url.pathname))
    // No worker in this build (dev:h5): a 404, so the browser drops a worker an earlier production build left.
    if (url.pathname === '/sw.js' && !existsSync(file) && options.override?.(url.pathname) === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain', 'cache-control': 'no-cache' })
      res.end('no service worker in this build')
      return
    }
    if (!file.startsWith(distDir) || !existsSync(file) || statSync(file).isDirectory()) {
      file = path.join(distDir, 'index.html')
    }
    const override = options.override?.(url.pathname)
    if (override !== undefined) {
      res.writeHead(200, headersFor(url.pathname))
      res.end(override)
      return
    }
    res.writeHead(200, headersFor(file))
    createReadStream(file).pipe(res)
  })
  const sockets = new Set<import('node:net').Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    mockUrl: mock.url,
    mock,
    async close() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await mock.close()
    },
  }
}
