extension ConsoleScript {
    /// `sigv4.js`: AWS Signature Version 4 in the browser, header and query (presigned) forms, over Web
    /// Crypto (`crypto.subtle` SHA-256 and HMAC). Follows "Create a canonical request for Signature
    /// Version 4" and "Authenticating Requests: Using Query Parameters" in the AWS documentation
    /// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html,
    /// https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
    static let sigv4 = #"""
const encoder = new TextEncoder();

/** SHA-256 of the empty string: the payload hash of requests without a body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
/** Stands for the body's hash when it is not signed (large uploads; presigned URLs). */
export const UNSIGNED = 'UNSIGNED-PAYLOAD';

export function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(data) {
  const bytes = typeof data === 'string' ? encoder.encode(data) : data;
  return hex(await crypto.subtle.digest('SHA-256', bytes));
}

async function hmac(key, message) {
  const raw = typeof key === 'string' ? encoder.encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(message));
}

/**
 * AWS's UriEncode: every byte but the RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~) as %XX of
 * its UTF-8 encoding; `/` kept when `keepSlash` (paths). encodeURIComponent leaves !'()* alone, so
 * those are escaped here too.
 */
export function uriEncode(text, keepSlash = false) {
  const out = encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return keepSlash ? out.replace(/%2F/g, '/') : out;
}

/** The query string both signed and sent: names and values encoded, sorted by name then value. */
export function canonicalQuery(params) {
  return params.map(([k, v]) => [uriEncode(k), uriEncode(v ?? '')])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`).join('&');
}

/** `20130524T000000Z` for `date`. */
export function amzDate(date) {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

async function signingKey(secret, day, region, service) {
  const kDate = await hmac('AWS4' + secret, day);
  const kRegion = await hmac(kDate, region);
  const kService = await hmac(kRegion, service);
  return hmac(kService, 'aws4_request');
}

async function signature(creds, day, scope, stamp, canonicalRequest) {
  const toSign = ['AWS4-HMAC-SHA256', stamp, scope, await sha256Hex(canonicalRequest)].join('\n');
  const key = await signingKey(creds.secretKey, day, creds.region, 's3');
  return hex(await hmac(key, toSign));
}

/**
 * Signs a request with the Authorization header. `path` is the encoded path as sent (`/b/a%20b`),
 * `query` the canonical query string, `headers` the extra headers to sign (lower-case `x-amz-*`
 * names). Returns the headers to send: the extra ones, `x-amz-date`, `x-amz-content-sha256` and
 * `Authorization`. `host` is what the browser will send as Host (the page's own).
 */
export async function signHeaders(creds, { method, path, query, headers = {}, payloadHash, host, now = new Date() }) {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const all = { ...headers, host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': stamp };
  const names = Object.keys(all).map((n) => n.toLowerCase()).sort();
  const lower = Object.fromEntries(Object.entries(all).map(([k, v]) => [k.toLowerCase(), String(v).trim()]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join('');
  const signed = names.join(';');
  const canonicalRequest = [method, path, query, canonicalHeaders, signed, payloadHash].join('\n');
  const scope = `${day}/${creds.region}/s3/aws4_request`;
  const sig = await signature(creds, day, scope, stamp, canonicalRequest);
  const out = { ...headers, 'x-amz-date': stamp, 'x-amz-content-sha256': payloadHash };
  out['Authorization'] = `AWS4-HMAC-SHA256 Credential=${creds.accessKey}/${scope}, SignedHeaders=${signed}, Signature=${sig}`;
  return out;
}

/**
 * A presigned URL's path and query: `path` (encoded) with the X-Amz-* parameters that let anyone
 * holding it make this one request until `expires` seconds after `now`. Only `host` is signed.
 */
export async function presign(creds, { method = 'GET', path, params = [], expires, host, now = new Date() }) {
  const stamp = amzDate(now);
  const day = stamp.slice(0, 8);
  const scope = `${day}/${creds.region}/s3/aws4_request`;
  const all = [...params,
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${creds.accessKey}/${scope}`],
    ['X-Amz-Date', stamp],
    ['X-Amz-Expires', String(expires)],
    ['X-Amz-SignedHeaders', 'host']];
  const query = canonicalQuery(all);
  const canonicalRequest = [method, path, query, `host:${host}\n`, 'host', UNSIGNED].join('\n');
  const sig = await signature(creds, day, scope, stamp, canonicalRequest);
  return `${path}?${query}&X-Amz-Signature=${sig}`;
}
"""#
}
