// Loaded only when a request goes through a proxy (HTTPS_PROXY, HTTP_PROXY): undici's ProxyAgent and
// its WebAssembly HTTP parser, 300 KB that every other fetch would otherwise read and deserialize.
export { createProxyAgent } from '../infisical/transport/undici-proxy-agent.js';
