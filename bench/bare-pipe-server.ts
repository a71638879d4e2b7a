// The least any process between the designer and PICPIK can cost: a Node HTTP server that pipes
// each POST's bytes to the emulator and the answer back, checking, hashing and copying nothing.
// bench/relay-overhead.ts times a 20 MB upload through it as the floor for the relay's added time
// on the same machine. Started as its own process, like the relay: BENCH_PIPE_TARGET is the emulator's URL.
import http from 'node:http';

const target = new URL(process.env['BENCH_PIPE_TARGET'] ?? '');
const agent = new http.Agent({ keepAlive: true, noDelay: true });

const server = http.createServer((req, res) => {
  const upstream = http.request(
    { host: target.hostname, port: target.port, path: '/', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': req.headers['content-length'] ?? '0' } },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, { 'content-type': 'application/json' });
      answer.pipe(res);
    },
  );
  upstream.on('error', () => res.destroy());
  req.pipe(upstream);
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`bare pipe listening on http://127.0.0.1:${address.port}`);
});
