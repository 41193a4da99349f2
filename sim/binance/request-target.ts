// The path and query of an HTTP request target, as every simulator endpoint routes them. Never throws:
// `new URL(req.url, base)` throws on targets like `//[` and reads `//api/v3/ping` as host `api`.

export interface RequestTarget {
  /** Percent-encoded, dot segments resolved, runs of `/` merged into one (as nginx does by default). */
  path: string;
  /** The raw query string without `?` (still percent-encoded). */
  query: string;
  searchParams: URLSearchParams;
}

/** What a target that names no path (`*`, junk) becomes: a path no endpoint serves. */
const NO_PATH = '/.unroutable';

function fromUrl(url: URL): RequestTarget {
  const query = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  return { path: url.pathname.replace(/\/{2,}/g, '/'), query, searchParams: url.searchParams };
}

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  try {
    // Origin form (`/path?query`) goes behind a fixed origin, so no part of it can be read as a host.
    if (target.startsWith('/')) return fromUrl(new URL(`http://sim${target}`));
    // Absolute form (`http://host/path`), which HTTP/1.1 servers must accept.
    if (/^https?:\/\//i.test(target)) return fromUrl(new URL(target));
  } catch {
    // An absolute target with a bad host, or anything else URL rejects: served as no path.
  }
  return { path: NO_PATH, query: '', searchParams: new URLSearchParams() };
}
