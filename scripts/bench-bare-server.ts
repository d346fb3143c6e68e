/**
 * The reference for scripts/bench-mock-throughput.ts: a bare node:http server, in its own process,
 * answering every request with one fixed response (the bytes the mock sent for the same request).
 * Usage: node --import tsx scripts/bench-bare-server.ts FILE CONTENT-TYPE  (prints its URL).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const bytes = readFileSync(process.argv[2]!);
const contentType = process.argv[3]!;
// The headers the mock sends: JSON with content-length; SSE chunked with no-cache and keep-alive.
// A flat header array, as the mock writes it (Node's cheapest writeHead form).
const headers = contentType.includes('event-stream')
  ? ['content-type', contentType, 'cache-control', 'no-cache', 'connection', 'keep-alive']
  : ['content-type', contentType, 'content-length', String(bytes.length)];
const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, headers);
    res.end(bytes);
  });
});
server.listen(0, '127.0.0.1', () =>
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as { port: number }).port}\n`),
);
process.once('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
});
