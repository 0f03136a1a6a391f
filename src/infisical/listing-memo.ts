import { headerOf, type HttpReply } from './transport/classify.js';

// The listings of the last poll of a --watch, by request path, with the ETag the server gave each:
// the next poll asks with If-None-Match, and a 304 gives back the body kept here. Infisical's server
// tags every reply (@fastify/etag) and answers an unchanged one 304 with no body. The rate limits
// still count the request; the body is neither sent nor parsed twice. In memory only, for one run;
// a body read off-thread (a large one) is not kept, and is asked for whole each time.
export class ListingMemo {
  readonly #byPath = new Map<string, { etag: string; body: string }>();

  tagFor(path: string): string | undefined {
    return this.#byPath.get(path)?.etag;
  }

  // The kept body when the reply says it is unchanged; undefined for any other reply.
  unchanged(path: string, reply: HttpReply): string | undefined {
    const kept = this.#byPath.get(path);
    return reply.status === 304 ? kept?.body : undefined;
  }

  remember(path: string, reply: HttpReply): void {
    const etag = headerOf(reply, 'etag');
    if (reply.status === 200 && etag !== undefined && reply.bytes === undefined) this.#byPath.set(path, { etag, body: reply.body });
    else this.#byPath.delete(path);
  }
}
