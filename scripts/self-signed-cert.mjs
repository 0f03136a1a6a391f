// A throwaway self-signed certificate for 127.0.0.1 and localhost, made with node:crypto alone (no
// openssl), so the tests and the fetch bench can run the emulator over https. P-256 key, valid for a
// day, CA:TRUE so it can stand as its own trust anchor (NODE_EXTRA_CA_CERTS, or `ca`). Never for
// anything but a local test server: the key lives in memory or a temporary directory. Node and
// OpenSSL accept it; stricter stacks (NSS, rustls) refuse a CA certificate used as a server's own.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';

// DER: tag, definite length, contents.
const der = (tag, ...parts) => {
  const body = Buffer.concat(parts);
  const n = body.length;
  if (n > 0xffff) throw new RangeError('DER contents over 64 KiB');
  const length = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
};
const seq = (...parts) => der(0x30, ...parts);
const set = (...parts) => der(0x31, ...parts);
const oid = (dotted) => {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return der(0x06, Buffer.from(bytes));
};
const utf8 = (s) => der(0x0c, Buffer.from(s, 'utf8'));
const utcTime = (d) => {
  if (d.getUTCFullYear() >= 2050) throw new RangeError('UTCTime ends in 2049');
  return der(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-:T]/g, '')}Z`, 'ascii'));
};
const explicit = (n, inner) => der(0xa0 + n, inner);
const ipv4 = (ip) => {
  const octets = ip.split('.').map(Number);
  if (octets.length !== 4 || !octets.every((o) => Number.isInteger(o) && o >= 0 && o <= 255)) throw new TypeError(`not an IPv4 address: ${ip}`);
  return Buffer.from(octets);
};

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

export const selfSignedCert = ({ dnsNames = ['localhost'], ips = ['127.0.0.1'], now = new Date() } = {}) => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const name = seq(set(seq(oid('2.5.4.3'), utf8(dnsNames[0] ?? 'localhost'))));
  const altNames = seq(...dnsNames.map((d) => der(0x82, Buffer.from(d, 'ascii'))), ...ips.map((ip) => der(0x87, ipv4(ip))));
  const extensions = explicit(
    3,
    seq(
      seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff]))))), // basicConstraints CA:TRUE, critical
      seq(oid('2.5.29.17'), der(0x04, altNames)), // subjectAltName
    ),
  );
  // A serial number is a positive INTEGER in minimal form: top bit clear, first byte not zero.
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01;
  const tbs = seq(
    explicit(0, der(0x02, Buffer.from([2]))), // v3
    der(0x02, serial),
    ECDSA_SHA256,
    name,
    seq(utcTime(new Date(now.getTime() - 60_000)), utcTime(new Date(now.getTime() + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const cert = seq(tbs, ECDSA_SHA256, der(0x03, Buffer.from([0]), signature));
  const pem = (label, body) =>
    `-----BEGIN ${label}-----\n${body
      .toString('base64')
      .match(/.{1,64}/g)
      .join('\n')}\n-----END ${label}-----\n`;
  return { cert: pem('CERTIFICATE', cert), key: privateKey.export({ type: 'pkcs8', format: 'pem' }) };
};
