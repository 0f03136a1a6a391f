// What the upstream seed script does, for comparison: log in, create the folders (its provisioner's
// step, one request each), then per key in sequence a GET of the key and, when absent, a POST.
// Usage: node naive-seed.mjs BASE_URL KEYS_JSON   (KEYS_JSON: [[key, folder, value], ...])
const [base, keysJson] = process.argv.slice(2);
const keys = JSON.parse(keysJson);
const scope = { workspaceId: 'bench-project', environment: 'prod' };
const login = await fetch(`${base}/api/v1/auth/universal-auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ clientId: 'bench-id', clientSecret: 'bench-secret' }),
});
const { accessToken } = await login.json();
const headers = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
const post = async (path, body) => {
  const r = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  await r.arrayBuffer();
  return r.status;
};
const folders = [...new Set(keys.map(([, folder]) => folder))];
await post('/api/v1/folders', { ...scope, name: 'shared', path: '/' });
for (const folder of folders) await post('/api/v1/folders', { ...scope, name: folder.split('/').pop(), path: '/shared' });
let written = 0;
for (const [key, folder, value] of keys) {
  const q = new URLSearchParams({ ...scope, secretPath: folder });
  const r = await fetch(`${base}/api/v3/secrets/raw/${key}?${q}`, { headers });
  await r.arrayBuffer();
  if (r.status === 404 && (await post(`/api/v3/secrets/raw/${key}`, { ...scope, secretPath: folder, secretValue: value, type: 'shared' })) === 200) written++;
}
if (written !== keys.length) process.exit(1);
