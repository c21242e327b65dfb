extension ConsoleScript {
    /// `upload.js`: files dropped on the drop zone (or chosen with the file input, which feeds the same
    /// path) are uploaded one after another: PutObject up to `MULTIPART_OVER`, multipart above it in
    /// parts of `PART_SIZE` (S3's minimum part is 5 MiB), each with a progress bar.
    static let upload = #"""
import { $, el, status, formatSize } from './dom.js';

export const MULTIPART_OVER = 8 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;

export class Uploader {
  constructor(ctx, prefix, done) {
    this.ctx = ctx; this.prefix = prefix; this.done = done;
    this.queue = Promise.resolve();
    const zone = $('drop-zone');
    zone.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; zone.classList.add('over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('over');
      this.take(e.dataTransfer.files);
    });
    $('file-input').addEventListener('change', (e) => { this.take(e.target.files); e.target.value = ''; });
  }

  /** Queues `files` for the open bucket and prefix. */
  take(files) {
    const bucket = this.ctx.bucket, prefix = this.prefix();
    if (!bucket) { status('Open a bucket first.', true); return; }
    for (const file of Array.from(files)) {
      const row = this.row(prefix + file.name, file.size);
      this.queue = this.queue.then(() => this.upload(bucket, prefix + file.name, file, row));
    }
    this.queue = this.queue.then(() => this.done());
  }

  row(key, size) {
    const bar = el('progress', { max: size || 1, value: 0 });
    const pct = el('span', { class: 'pct' }, '0%');
    const note = el('span', { class: 'note' }, 'waiting');
    const li = el('li', { dataset: { key, state: 'waiting' } }, el('code', {}, key), el('span', {}, formatSize(size)), bar, pct, note);
    $('uploads').prepend(li);
    return { li, bar, pct, note, size };
  }

  progress(row, loaded) {
    row.bar.value = Math.min(loaded, row.size);
    const p = row.size ? Math.floor((100 * Math.min(loaded, row.size)) / row.size) : 100;
    row.pct.textContent = `${p}%`;
    row.li.dataset.percent = String(p);
  }

  async upload(bucket, key, file, row) {
    const s3 = this.ctx.s3;
    row.li.dataset.state = 'uploading';
    try {
      if (file.size > MULTIPART_OVER) {
        row.note.textContent = 'multipart';
        row.li.dataset.multipart = 'true';
        await this.multipart(s3, bucket, key, file, row);
      } else {
        row.note.textContent = 'uploading';
        await s3.putObject(bucket, key, file, (n) => this.progress(row, n));
      }
      this.progress(row, file.size);
      row.note.textContent = 'done';
      row.li.dataset.state = 'done';
      status(`Uploaded ${key}.`);
    } catch (e) {
      row.note.textContent = `failed: ${e.message}`;
      row.li.dataset.state = 'failed';
      status(`Upload of ${key} failed: ${e.message}`, true);
    }
  }

  async multipart(s3, bucket, key, file, row) {
    const uploadId = await s3.createMultipart(bucket, key, file.type);
    const etags = [];
    try {
      let sent = 0;
      for (let offset = 0, n = 1; offset < file.size; offset += PART_SIZE, n++) {
        const part = file.slice(offset, Math.min(offset + PART_SIZE, file.size));
        etags.push(await s3.uploadPart(bucket, key, uploadId, n, part, (loaded) => this.progress(row, sent + loaded)));
        sent += part.size;
        row.note.textContent = `multipart: ${n} part${n > 1 ? 's' : ''} sent`;
      }
      row.li.dataset.parts = String(etags.length);
      await s3.completeMultipart(bucket, key, uploadId, etags);
    } catch (e) {
      // Leave nothing behind; the server would reap it after a day anyway.
      await s3.abortMultipart(bucket, key, uploadId).catch(() => {});
      throw e;
    }
  }
}
"""#
}
