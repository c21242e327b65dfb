extension ConsoleScript {
    /// `faults.js`: the fault-rule form (the catalogue of docs/FAULTS.md), the rules in force with a
    /// remove button each, and the fault log, all through the admin API under `/_pail/faults`.
    static let faults = #"""
import { $, el, fillRows, status, guarded } from './dom.js';
import { uriEncode } from './sigv4.js';

const OPERATIONS = ['PutObject', 'GetObject', 'HeadObject', 'DeleteObject', 'DeleteObjects', 'ListObjectsV2', 'ListObjects',
  'ListBuckets', 'CreateBucket', 'DeleteBucket', 'CreateMultipartUpload', 'UploadPart', 'CompleteMultipartUpload',
  'AbortMultipartUpload', 'CopyObject', 'GetObjectTagging', 'PutObjectTagging', 'ListObjectVersions', 'AssumeRole', 'GetRoleCredentials'];

const list = (text) => text.split(',').map((s) => s.trim()).filter(Boolean);
const num = (id) => ($(id).value === '' ? undefined : Number($(id).value));

/** The rule the form describes, as the admin API takes it. */
export function ruleFromForm() {
  const rule = {};
  const id = $('fault-id').value.trim();
  if (id) rule.id = id;
  const description = $('fault-description').value.trim();
  if (description) rule.description = description;
  const match = {};
  if ($('fault-service').value) match.service = $('fault-service').value;
  if (list($('fault-operations').value).length) match.operations = list($('fault-operations').value);
  if (list($('fault-methods').value).length) match.methods = list($('fault-methods').value);
  if ($('fault-bucket').value.trim()) match.bucket = $('fault-bucket').value.trim();
  if ($('fault-key-prefix').value) match.keyPrefix = $('fault-key-prefix').value;
  if ($('fault-key-glob').value) match.keyGlob = $('fault-key-glob').value;
  rule.match = match;
  const when = $('fault-when').value, n = num('fault-when-n');
  if (when === 'always' || when === 'once') rule.when = when;
  else if (n === undefined) throw new Error(`"${when}" needs a number`);
  else rule.when = { [when]: n };
  const type = $('fault-type').value;
  const action = { type };
  const set = (name, value) => { if (value !== undefined && value !== '') action[name] = value; };
  switch (type) {
    case 'error': set('code', $('fault-code').value.trim()); set('status', num('fault-status')); set('message', $('fault-message').value); break;
    case 'latency': set('ms', num('fault-ms') ?? 0); set('phase', $('fault-phase').value); break;
    case 'stall': set('ms', num('fault-ms')); break;
    case 'bandwidth': set('bytesPerSecond', num('fault-bps')); break;
    case 'reset': case 'truncate': set('afterBytes', num('fault-after-bytes')); break;
    case 'corrupt': set('offset', num('fault-offset') ?? 0); set('count', num('fault-count')); break;
    case 'lostWrite': action.keepOld = $('fault-keep-old').checked; break;
    case 'clockSkew': set('seconds', num('fault-seconds')); break;
  }
  rule.action = action;
  return rule;
}

function describe(value) {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return Object.entries(value).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
}

export class Faults {
  constructor(ctx) {
    this.ctx = ctx;
    $('operation-names').replaceChildren(...OPERATIONS.map((o) => el('option', { value: o })));
    $('fault-type').addEventListener('change', () => this.showFields());
    $('fault-when').addEventListener('change', () => this.showFields());
    $('fault-form').addEventListener('submit', (e) => { e.preventDefault(); guarded(() => this.add()); });
    $('faults-refresh').addEventListener('click', () => guarded(() => this.refresh()));
    $('fault-log-clear').addEventListener('click', () => guarded(async () => {
      await this.ctx.s3.adminJSON('DELETE', '/_pail/faults/log');
      await this.refresh();
    }));
    this.showFields();
  }

  /** Shows only the action fields that belong to the chosen type, and N only for counted `when`s. */
  showFields() {
    const type = $('fault-type').value;
    for (const label of document.querySelectorAll('#fault-form label[data-for]')) label.hidden = !label.dataset.for.split(' ').includes(type);
    const when = $('fault-when').value;
    $('fault-when-n-label').hidden = when === 'always' || when === 'once';
  }

  async add() {
    const rule = ruleFromForm();
    const answer = await this.ctx.s3.adminJSON('POST', '/_pail/faults', rule);
    status(`Rule ${answer.rules.map((r) => r.id).join(', ')} added.`);
    await this.refresh();
  }

  async refresh() {
    const s3 = this.ctx.s3;
    const [plan, log] = await Promise.all([s3.adminJSON('GET', '/_pail/faults'), s3.adminJSON('GET', '/_pail/faults/log')]);
    fillRows($('fault-rules'), plan.rules.length ? plan.rules.map((r) => el('tr', { dataset: { rule: r.id } },
      el('td', {}, el('code', {}, r.id)), el('td', {}, describe(r.match)), el('td', {}, describe(r.when ?? 'always')), el('td', {}, describe(r.action)),
      el('td', {}, el('button', { type: 'button', class: 'danger', dataset: { remove: r.id }, onclick: () => guarded(() => this.remove(r.id)) }, 'Remove'))))
      : [el('tr', {}, el('td', { colspan: 5, class: 'note' }, 'no rules'))]);
    fillRows($('fault-log'), log.entries.slice().reverse().map((e) => el('tr', {},
      el('td', { class: 'num' }, e.seq), el('td', {}, e.time), el('td', {}, el('code', {}, e.ruleID)), el('td', {}, describe(e.action)),
      el('td', {}, e.operation ?? ''), el('td', {}, [e.bucket, e.key].filter(Boolean).join('/')))));
  }

  async remove(id) {
    await this.ctx.s3.adminJSON('DELETE', '/_pail/faults/' + uriEncode(id));
    status(`Rule ${id} removed.`);
    await this.refresh();
  }
}
"""#
}
