// Certificate failures, said as such: behind a corporate proxy or with a private CA the fix is to
// trust the CA (NODE_EXTRA_CA_CERTS), which "cannot reach" alone would not suggest.
// Grouped by what they are, a group a line (not one name a line).
// prettier-ignore
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'INVALID_CA',
]);
export const describeTlsFailure = (code: string | undefined): string | undefined => {
  if (code === undefined) return undefined;
  if (UNTRUSTED_CERTIFICATE.has(code)) return `its TLS certificate is not trusted here (${code}; NODE_EXTRA_CA_CERTS can add a CA)`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return `its TLS certificate is not valid now (${code})`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `its TLS certificate is for another host name (${code})`;
  // What an https:// request gets from a port that speaks plain HTTP.
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER') return `it does not speak TLS on that port (${code}; the address may need http://, not https://)`;
  return undefined;
};
