// What an HTTP header value may not hold, as Node's http and undici check before sending: anything
// but a tab, printable ASCII and Latin-1 above 0x7f (so no line break, no control character, nothing
// beyond U+00FF). A token or variable is checked with it where it comes in, and the direct transport
// refuses with it, so what one lets through the other never refuses later as a "network error".
export const HEADER_UNSAFE = /[^\t\x20-\x7e\x80-\xff]/;
// What it refuses, in the words of the messages that name a value it refused.
export const HEADER_UNSAFE_WORDS = 'no HTTP header can carry (a line break, a control character, or one beyond Latin-1)';
