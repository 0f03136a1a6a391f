// What the ONEX ConfigPrefetcher does, for comparison: log in, then one request per key, in sequence.
// Usage: node naive-prefetch.mjs BASE_URL KEYS_JSON
const [base, keysJson] = process.argv.slice(2);
const keys = JSON.parse(keysJson);
const login = await fetch(`${base}/api/v1/auth/universal-auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ clientId: 'bench-id', clientSecret: 'bench-secret' }),
});
const { accessToken } = await login.json();
let found = 0;
for (const [key, folder] of keys) {
  const q = new URLSearchParams({ workspaceId: 'bench-project', environment: 'prod', secretPath: folder });
  const r = await fetch(`${base}/api/v3/secrets/raw/${key}?${q}`, { headers: { authorization: `Bearer ${accessToken}` } });
  if (r.ok) found++;
  await r.arrayBuffer();
}
if (found !== keys.length) process.exit(1);
