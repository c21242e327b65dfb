extension ConsoleScript {
    /// `objects.js`: one bucket's objects, a prefix at a time (delimiter `/`), a page at a time
    /// (continuation tokens), and one object's details: HEAD metadata, tags, versions, download, delete,
    /// presigned GET.
    static let objects = #"""
import { $, el, fillRows, status, guarded, formatSize, formatTime } from './dom.js';
import { Uploader } from './upload.js';

export class Objects {
  constructor(ctx) {
    this.ctx = ctx;
    this.prefix = '';
    this.next = undefined;
    this.key = null;
    this.asked = 0;
    this.uploader = new Uploader(ctx, () => this.prefix, () => guarded(() => this.list()));
    $('next-page').addEventListener('click', () => guarded(() => this.list(this.next)));
    $('first-page').addEventListener('click', () => guarded(() => this.list()));
    $('refresh').addEventListener('click', () => guarded(() => this.list()));
    $('page-size').addEventListener('change', () => guarded(() => this.list()));
    $('details-close').addEventListener('click', () => this.closeDetails());
    $('download').addEventListener('click', () => guarded(() => this.download()));
    $('object-delete').addEventListener('click', () => guarded(() => this.remove()));
    $('presign-form').addEventListener('submit', (e) => { e.preventDefault(); guarded(() => this.presign()); });
  }

  async open(bucket) {
    this.prefix = '';
    this.closeDetails();
    $('no-bucket').hidden = !!bucket;
    $('bucket-pane').hidden = !bucket;
    if (bucket) await this.list();
  }

  async enter(prefix) {
    this.prefix = prefix;
    await this.list();
  }

  /** Lists the page that `token` starts (the first page without one). */
  async list(token) {
    const bucket = this.ctx.bucket;
    if (!bucket) return;
    const size = Number($('page-size').value);
    // The listing asked for last wins: an earlier one answering late (quick clicks) is dropped.
    const asked = ++this.asked;
    const page = await this.ctx.s3.listObjects(bucket, this.prefix, size, token);
    if (asked !== this.asked) return;
    this.next = page.next;
    $('next-page').hidden = !page.next;
    $('first-page').hidden = !token;
    $('drop-target').textContent = `${bucket}/${this.prefix}`;
    this.crumbs(bucket);
    const name = (full) => full.slice(this.prefix.length);
    fillRows($('object-table'), [
      ...page.prefixes.map((p) => el('tr', { class: 'prefix' },
        el('td', {}, el('button', { type: 'button', class: 'link', dataset: { prefix: p }, onclick: () => guarded(() => this.enter(p)) }, name(p))),
        el('td', { class: 'num' }), el('td'))),
      ...page.objects.map((o) => el('tr', { class: 'object' },
        el('td', {}, el('button', { type: 'button', class: 'link', dataset: { key: o.key }, onclick: () => guarded(() => this.details(o.key)) }, name(o.key))),
        el('td', { class: 'num', title: String(o.size) }, formatSize(o.size)),
        el('td', {}, formatTime(o.modified)))),
    ]);
    if (!page.prefixes.length && !page.objects.length) {
      fillRows($('object-table'), [el('tr', {}, el('td', { colspan: 3, class: 'note' }, 'Nothing here yet: drop files above.'))]);
    }
  }

  crumbs(bucket) {
    const parts = this.prefix.split('/').filter(Boolean);
    const items = [el('button', { type: 'button', onclick: () => guarded(() => this.enter('')) }, bucket)];
    let acc = '';
    for (const part of parts) {
      acc += part + '/';
      const target = acc;
      items.push(' / ', el('button', { type: 'button', onclick: () => guarded(() => this.enter(target)) }, part));
    }
    $('crumbs').replaceChildren(...items);
  }

  async details(key) {
    const { s3, bucket } = this.ctx;
    this.key = key;
    $('details').hidden = false;
    $('details-key').textContent = `${bucket}/${key}`;
    $('presign-link').hidden = true;
    const [headers, tags, versions] = await Promise.all([
      s3.headObject(bucket, key),
      s3.getTags(bucket, key).catch((e) => { status(`Tags: ${e.message}`, true); return []; }),
      s3.listVersions(bucket, key).catch((e) => { status(`Versions: ${e.message}`, true); return []; }),
    ]);
    const shown = headers.filter(([k]) => !['server', 'x-amz-id-2', 'x-amz-request-id', 'date', 'connection', 'keep-alive'].includes(k));
    $('details-meta').replaceChildren(...shown.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    fillRows($('details-tags'), tags.length ? tags.map((t) => el('tr', {}, el('td', {}, t.key), el('td', {}, t.value)))
      : [el('tr', {}, el('td', { colspan: 2, class: 'note' }, 'no tags'))]);
    fillRows($('details-versions'), versions.map((v) => el('tr', {},
      el('td', {}, v.kind === 'DeleteMarker' ? `${v.versionId} (delete marker)` : v.versionId),
      el('td', { class: 'num' }, formatSize(v.size)), el('td', {}, formatTime(v.modified)), el('td', {}, v.latest ? 'yes' : ''))));
    $('details').scrollIntoView({ block: 'nearest' });
  }

  closeDetails() {
    this.key = null;
    $('details').hidden = true;
  }

  /** Fetches the object (signed) and hands it to the browser as a download under its own name. */
  async download() {
    const { s3, bucket } = this.ctx;
    const key = this.key;
    const blob = await s3.getObject(bucket, key);
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: key.split('/').pop() || 'download' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    status(`Downloaded ${key} (${formatSize(blob.size)}).`);
  }

  async remove() {
    const { s3, bucket } = this.ctx;
    const key = this.key;
    if (!confirm(`Delete ${bucket}/${key}?`)) return;
    await s3.deleteObject(bucket, key);
    status(`Deleted ${key}.`);
    this.closeDetails();
    await this.list();
  }

  async presign() {
    const { s3, bucket } = this.ctx;
    const expires = Number($('presign-expires').value);
    if (!(expires >= 1 && expires <= 604800)) throw new Error('expiry must be 1 to 604800 seconds (7 days)');
    const url = await s3.presignGet(bucket, this.key, expires);
    const a = $('presign-link');
    a.href = url;
    a.textContent = url;
    a.hidden = false;
    status(`Presigned for ${expires} s.`);
  }
}
"""#
}
