/**
 * Test support: a small fake Local API for what the real one cannot be made to do, run inside the
 * test's network namespace on 127.0.0.1. Logins succeed; POST /v1/alerts is answered as `behaviour`
 * says: "500" (an error status), "hang" (never answered), "garbage" (201 with a body that is not
 * JSON), "revoke" (the first POST answered 401, as after a token revoked or an API restarted with
 * a new secret; 201 with ids after). Each request is reported on stdout as a line "METHOD PATH".
 */
import type { ChildProcess } from 'node:child_process';
import { outputShows } from './child-output.js';
import type { Netns } from './netns-fixture.js';

export type FakeBehaviour = '500' | 'hang' | 'garbage' | 'revoke';

const SCRIPT = `
const http = require('node:http');
const [port, behaviour] = process.argv.slice(1);
let revoked = false;
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    process.stdout.write(req.method + ' ' + req.url + '\\n');
    if (req.url === '/v1/watchers/login') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 200, expire: new Date(Date.now() + 3600e3).toISOString(), token: 'fake.token.x' }));
    } else if (behaviour === '500') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"message":"database is locked"}');
    } else if (behaviour === 'revoke' && !revoked) {
      revoked = true;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":401,"message":"Token is expired"}');
    } else if (behaviour === 'revoke') {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('["1"]');
    } else if (behaviour === 'garbage') {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('<html>not json</html>');
    }
    // hang: never answered
  });
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\\n'));
`;

export const startFakeLapi = async (ns: Netns, port: number, behaviour: FakeBehaviour): Promise<ChildProcess> => {
  const child = ns.start([process.execPath, '-e', SCRIPT, String(port), behaviour]);
  await outputShows(child, 'listening\n');
  return child;
};
