import type { Redact } from './transport/classify.js';

// What this run knows it must never show: the client secret, the tokens, and every value fetched so
// far, as they are and as a JSON string or a URL would carry them. Server text (an error reply may
// echo the request) passes through it before it reaches a message. Strings under 4 characters are not
// secrets worth hiding, and would blank out ordinary words.
export interface Redactor {
  add(secret: string | undefined): void;
  redact: Redact;
}

const MIN_LENGTH = 4;

export const createRedactor = (): Redactor => {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret === undefined || secret.length < MIN_LENGTH) return;
      secrets.add(secret);
      // A server that echoes its request echoes it encoded: inside a JSON string, or in a URL.
      secrets.add(JSON.stringify(secret).slice(1, -1));
      secrets.add(encodeURIComponent(secret));
    },
    redact(text) {
      // Longest first, so a secret that contains another is hidden whole.
      let out = text;
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
      return out;
    },
  };
};
