// A server that answers every list with the same 60 MB reply, ready-made (the emulator builds one per
// request, which takes longer than the deadline being measured). Prints its address.
import { createServer } from 'node:http';

const row = (secretKey, secretValue) => ({ id: secretKey, secretKey, secretValue, secretPath: '/shared/mcp', type: 'shared', secretComment: '' });
const bulk = Array.from({ length: 54_000 }, (_, i) => row(`BULK_${i}`, 'b'.repeat(1000)));
const listing = Buffer.from(JSON.stringify({ secrets: [...bulk, row('MCP_SERVER_HOST', 'mcp.shared'), row('MCP_SERVER_PORT', '9000')], imports: [] }));
const login = Buffer.from(JSON.stringify({ accessToken: 'bench-token', expiresIn: 600 }));
const server = createServer((req, res) => {
  const body = req.url.startsWith('/api/v1/auth/') ? login : listing;
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }).end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${server.address().port} ${listing.length}\n`));
