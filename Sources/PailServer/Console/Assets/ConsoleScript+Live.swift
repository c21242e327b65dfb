extension ConsoleScript {
    /// `live.js`: the last requests the server answered, newest first, polled from `/_pail/requests`
    /// about once a second while the Live tab is open (and the tab visible), asking only for records
    /// after the last one shown.
    static let live = #"""
import { $, el, status } from './dom.js';

const KEEP = 500;
const EVERY_MS = 1000;

export class Live {
  constructor(ctx) {
    this.ctx = ctx;
    this.since = 0;
    this.active = false;
    this.timer = null;
    document.addEventListener('visibilitychange', () => this.schedule(0));
  }

  setActive(active) {
    this.active = active;
    this.schedule(0);
  }

  schedule(delay) {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.active && document.visibilityState !== 'hidden') this.timer = setTimeout(() => this.poll(), delay);
  }

  async poll() {
    try {
      if (!$('live-pause').checked) {
        const answer = await this.ctx.s3.recentRequests(this.since);
        // A restarted server numbers from 1 again: start over.
        if (answer.lastSeq < this.since) { this.since = 0; $('live-table').tBodies[0].replaceChildren(); }
        this.show(answer.requests);
        this.since = Math.max(this.since, answer.lastSeq);
      }
    } catch (e) {
      status(`Live view: ${e.message}`, true);
    }
    this.schedule(EVERY_MS);
  }

  show(records) {
    const body = $('live-table').tBodies[0];
    for (const r of records) {
      const where = r.operation ? [r.bucket, r.key].filter(Boolean).join('/') : (r.path ?? '');
      const row = el('tr', { class: `s${Math.floor(r.status / 100)}${r.faults.length ? ' fault' : ''}`, dataset: { seq: r.seq, status: r.status } },
        el('td', { title: r.time }, r.time.slice(11, 23)),
        el('td', {}, r.method),
        el('td', {}, r.operation ?? ''),
        el('td', {}, where),
        el('td', { class: 'num status' }, r.status),
        el('td', { class: 'num' }, r.ms.toFixed(r.ms < 10 ? 2 : 0)),
        el('td', { class: 'faults' }, r.faults.join(' ')));
      body.prepend(row);
    }
    while (body.rows.length > KEEP) body.lastElementChild.remove();
  }
}
"""#
}
