// A server whose lists are answered with large replies, made once (the emulator builds one per
// request, which takes longer than the deadline being measured). The environment asked for picks the
// size: `huge` 60.7 MB (over the 32 MiB a run reads), anything else 28 MB. Prints its address.
import { createServer } from 'node:http';

const row = (secretKey, secretValue) => ({ id: secretKey, secretKey, secretValue, secretPath: '/shared/mcp', type: 'shared', secretComment: '' });
const reply = (rows) => {
  const bulk = Array.from({ length: rows }, (_, i) => row(`BULK_${i}`, 'b'.repeat(1000)));
  return Buffer.from(JSON.stringify({ secrets: [...bulk, row('MCP_SERVER_HOST', 'mcp.shared'), row('MCP_SERVER_PORT', '9000')], imports: [] }));
};
const huge = reply(54_000);
const large = reply(25_000);
const login = Buffer.from(JSON.stringify({ accessToken: 'bench-token', expiresIn: 600 }));
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const body = url.pathname.startsWith('/api/v1/auth/') ? login : url.searchParams.get('environment') === 'huge' ? huge : large;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port} ${huge.length} ${large.length}\n`));
