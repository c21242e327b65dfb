extension ConsoleScript {
    /// `s3.js`: the S3 and admin calls the console makes, each signed in the page (`sigv4.js`). Uploads
    /// go through XMLHttpRequest, whose `upload.onprogress` reports bytes sent (fetch() cannot).
    static let s3 = #"""
import { signHeaders, presign, sha256Hex, canonicalQuery, uriEncode, EMPTY_SHA256, UNSIGNED } from './sigv4.js';

/** An S3 error answer: `code` and `message` from its XML (or the admin API's JSON) body. */
export class S3Failure extends Error {
  constructor(status, code, message) {
    super(`${status} ${code || ''}${message ? ': ' + message : ''}`);
    this.status = status; this.code = code;
  }
}

function xml(text) { return new DOMParser().parseFromString(text, 'application/xml'); }
function child(node, name) { const c = node.getElementsByTagName(name)[0]; return c ? c.textContent : undefined; }
function children(node, name) { return Array.from(node.getElementsByTagName(name)); }

async function failure(status, text) {
  let code, message;
  if (text.trimStart().startsWith('{')) {
    try { message = JSON.parse(text).error; } catch (_) { message = text; }
  } else if (text) {
    const doc = xml(text);
    code = child(doc, 'Code'); message = child(doc, 'Message');
  }
  return new S3Failure(status, code, message);
}

/** `/bucket/key` with every key segment encoded as it is signed. */
export function objectPath(bucket, key = '') {
  return '/' + uriEncode(bucket) + (key === '' ? '' : '/' + uriEncode(key, true));
}

export class S3 {
  /** `creds`: {accessKey, secretKey, region}; `base`: the path prefix the API sits under on this origin. */
  constructor(creds, base = '') {
    this.creds = creds; this.base = base; this.host = location.host;
  }

  /** The signed fetch() of one request; answers the Response, or throws S3Failure for a status >= 300. */
  async call(method, path, { params = [], body, headers = {}, bodyHash } = {}) {
    const query = canonicalQuery(params);
    let payloadHash = EMPTY_SHA256;
    if (body !== undefined && body !== null) {
      payloadHash = bodyHash ?? await sha256Hex(typeof body === 'string' ? body : new Uint8Array(await new Response(body).arrayBuffer()));
    }
    const signed = await signHeaders(this.creds, { method, path, query, headers, payloadHash, host: this.host });
    const url = this.base + path + (query ? '?' + query : '');
    const response = await fetch(url, { method, headers: signed, body, cache: 'no-store', credentials: 'omit' });
    if (response.status >= 300) throw await failure(response.status, await response.text());
    return response;
  }

  async listBuckets() {
    const doc = xml(await (await this.call('GET', '/')).text());
    return children(doc, 'Bucket').map((b) => ({ name: child(b, 'Name'), created: child(b, 'CreationDate') }));
  }

  createBucket(name) { return this.call('PUT', objectPath(name)); }
  deleteBucket(name) { return this.call('DELETE', objectPath(name)); }

  /** One page of ListObjectsV2 with delimiter `/`: {prefixes, objects, next}; `next` is the continuation token or undefined. */
  async listObjects(bucket, prefix, maxKeys, token) {
    const params = [['list-type', '2'], ['delimiter', '/'], ['prefix', prefix], ['max-keys', String(maxKeys)]];
    if (token) params.push(['continuation-token', token]);
    const doc = xml(await (await this.call('GET', objectPath(bucket), { params })).text());
    const truncated = child(doc, 'IsTruncated') === 'true';
    return {
      prefixes: children(doc, 'CommonPrefixes').map((p) => child(p, 'Prefix')),
      objects: children(doc, 'Contents').map((c) => ({ key: child(c, 'Key'), size: Number(child(c, 'Size')), modified: child(c, 'LastModified'), etag: child(c, 'ETag') })),
      next: truncated ? child(doc, 'NextContinuationToken') : undefined,
    };
  }

  /** HEAD: the response headers as [name, value] pairs. */
  async headObject(bucket, key) {
    const r = await this.call('HEAD', objectPath(bucket, key));
    return Array.from(r.headers.entries());
  }

  async getObject(bucket, key) { return (await this.call('GET', objectPath(bucket, key))).blob(); }
  deleteObject(bucket, key) { return this.call('DELETE', objectPath(bucket, key)); }

  async getTags(bucket, key) {
    const doc = xml(await (await this.call('GET', objectPath(bucket, key), { params: [['tagging', '']] })).text());
    return children(doc, 'Tag').map((t) => ({ key: child(t, 'Key'), value: child(t, 'Value') }));
  }

  /** The versions and delete markers of exactly `key`, newest first as S3 lists them. */
  async listVersions(bucket, key) {
    const doc = xml(await (await this.call('GET', objectPath(bucket), { params: [['versions', ''], ['prefix', key]] })).text());
    const root = doc.documentElement;
    return Array.from(root.children).filter((n) => n.localName === 'Version' || n.localName === 'DeleteMarker')
      .map((n) => ({ kind: n.localName, key: child(n, 'Key'), versionId: child(n, 'VersionId'), latest: child(n, 'IsLatest') === 'true',
        size: child(n, 'Size'), modified: child(n, 'LastModified') }))
      .filter((v) => v.key === key);
  }

  /** A URL on this page's origin that GETs the object without credentials until `expires` seconds from now. */
  async presignGet(bucket, key, expires) {
    return location.origin + this.base + await presign(this.creds, { path: objectPath(bucket, key), expires, host: this.host });
  }

  /** PUT `body` with XMLHttpRequest, reporting bytes sent to `onProgress(loaded)`; answers the ETag. */
  async xhrPut(path, params, body, contentType, onProgress) {
    const query = canonicalQuery(params);
    const headers = await signHeaders(this.creds, { method: 'PUT', path, query, payloadHash: UNSIGNED, host: this.host });
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('PUT', this.base + path + (query ? '?' + query : ''));
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      if (contentType) xhr.setRequestHeader('Content-Type', contentType);
      xhr.upload.onprogress = (e) => onProgress && onProgress(e.loaded);
      xhr.onload = async () => {
        if (xhr.status >= 300) reject(await failure(xhr.status, xhr.responseText));
        else { onProgress && onProgress(body.size); resolve(xhr.getResponseHeader('ETag')); }
      };
      xhr.onerror = () => reject(new Error('network error during upload'));
      xhr.send(body);
    });
  }

  putObject(bucket, key, file, onProgress) {
    return this.xhrPut(objectPath(bucket, key), [], file, file.type || 'application/octet-stream', onProgress);
  }

  async createMultipart(bucket, key, contentType) {
    const headers = contentType ? { 'Content-Type': contentType } : {};
    const r = await this.call('POST', objectPath(bucket, key), { params: [['uploads', '']], headers });
    return child(xml(await r.text()), 'UploadId');
  }

  uploadPart(bucket, key, uploadId, number, blob, onProgress) {
    return this.xhrPut(objectPath(bucket, key), [['partNumber', String(number)], ['uploadId', uploadId]], blob, null, onProgress);
  }

  async completeMultipart(bucket, key, uploadId, etags) {
    const parts = etags.map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${etag.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ETag></Part>`).join('');
    const body = `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`;
    const r = await this.call('POST', objectPath(bucket, key), { params: [['uploadId', uploadId]], body });
    const text = await r.text();
    // CompleteMultipartUpload can fail after a 200 status line (the AWS API reference says so): check the body.
    if (text.includes('<Error>')) throw await failure(200, text);
    return child(xml(text), 'ETag');
  }

  abortMultipart(bucket, key, uploadId) {
    return this.call('DELETE', objectPath(bucket, key), { params: [['uploadId', uploadId]] });
  }

  // --- the admin API under /_pail (JSON), signed the same way ---

  async adminJSON(method, path, value) {
    const body = value === undefined ? undefined : JSON.stringify(value);
    const r = await this.call(method, path, { body, headers: {} });
    return r.status === 204 ? null : r.json();
  }

  /** `/_pail/requests?since=N`: {lastSeq, capacity, requests}. */
  async recentRequests(since) {
    const r = await this.call('GET', '/_pail/requests', { params: [['since', String(since)]] });
    return r.json();
  }
}
"""#
}
