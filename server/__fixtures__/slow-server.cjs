// A stand-in for Next's server.js in server/serve.test.ts: one slow route and one shutdown hook.
// CommonJS like Next's server.js, which serve.mjs loads with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const http = require('node:http');

const state = (globalThis[Symbol.for('portal.shutdown')] ??= { hooks: [], draining: false });
state.hooks.push({ name: 'fixture', run: () => console.log('hook ran') });
http
  .createServer((req, res) => {
    if (req.url === '/ready') return void res.end(state.draining ? 'draining' : 'ready');
    setTimeout(() => res.end('done'), 600);
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
