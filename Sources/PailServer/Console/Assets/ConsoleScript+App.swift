extension ConsoleScript {
    /// `app.js`: sign-in, tabs and the bucket list; hands the rest to the other modules.
    static let app = #"""
import { $, el, status, guarded } from './dom.js';
import { S3 } from './s3.js';
import { Objects } from './objects.js';
import { Faults } from './faults.js';
import { Live } from './live.js';

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? '';
const region = meta('pail-region') || 'us-east-1';
const apiBase = meta('pail-api-base');
// Session storage only: the keys live as long as this tab, and are never sent anywhere.
const STORE = 'pail-console-credentials';

const ctx = { s3: null, bucket: null };
const objects = new Objects(ctx);
const faults = new Faults(ctx);
const live = new Live(ctx);

async function signIn(accessKey, secretKey, remember) {
  const s3 = new S3({ accessKey, secretKey, region }, apiBase);
  await s3.listBuckets();  // proves the keys before the page shows anything
  ctx.s3 = s3;
  if (remember) sessionStorage.setItem(STORE, JSON.stringify({ accessKey, secretKey }));
  $('signin-view').hidden = true;
  $('tabs').hidden = false;
  $('sign-out').hidden = false;
  $('who').textContent = `signed in as ${accessKey}`;
  showTab('objects');
  await loadBuckets();
}

function signOut() {
  sessionStorage.removeItem(STORE);
  location.reload();
}

function showTab(name) {
  for (const b of document.querySelectorAll('#tabs button')) b.classList.toggle('active', b.dataset.tab === name);
  $('objects-view').hidden = name !== 'objects';
  $('faults-view').hidden = name !== 'faults';
  $('live-view').hidden = name !== 'live';
  live.setActive(name === 'live');
  if (name === 'faults') guarded(() => faults.refresh());
}

async function loadBuckets() {
  const buckets = await ctx.s3.listBuckets();
  const list = $('bucket-list');
  list.replaceChildren(...buckets.map((b) => el('li', {},
    el('button', { type: 'button', class: b.name === ctx.bucket ? 'active' : '', dataset: { bucket: b.name },
      onclick: () => guarded(() => openBucket(b.name)) }, b.name))));
  if (ctx.bucket && !buckets.some((b) => b.name === ctx.bucket)) openBucket(null);
}

async function openBucket(name) {
  ctx.bucket = name;
  for (const b of document.querySelectorAll('#bucket-list button')) b.classList.toggle('active', b.dataset.bucket === name);
  await objects.open(name);
}

$('signin-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const key = $('signin-key').value.trim(), secret = $('signin-secret').value;
  $('signin-button').disabled = true;
  signIn(key, secret, true).then(() => status('Signed in.'))
    .catch((err) => status(`Sign-in failed: ${err.message}`, true))
    .finally(() => { $('signin-button').disabled = false; });
});
$('sign-out').addEventListener('click', signOut);
for (const b of document.querySelectorAll('#tabs button')) b.addEventListener('click', () => showTab(b.dataset.tab));

$('bucket-create').addEventListener('submit', (e) => {
  e.preventDefault();
  const name = $('bucket-name').value.trim();
  guarded(async () => {
    await ctx.s3.createBucket(name);
    $('bucket-name').value = '';
    status(`Bucket ${name} created.`);
    await loadBuckets();
    await openBucket(name);
  });
});
$('bucket-delete').addEventListener('click', () => guarded(async () => {
  const name = ctx.bucket;
  if (!name || !confirm(`Delete bucket ${name}? It must be empty.`)) return;
  await ctx.s3.deleteBucket(name);
  status(`Bucket ${name} deleted.`);
  await openBucket(null);
  await loadBuckets();
}));

// Web Crypto exists only in secure contexts (https, localhost, 127.0.0.1): say so rather than fail later.
const canSign = window.isSecureContext && window.crypto && crypto.subtle;
if (!canSign) {
  $('signin-button').disabled = true;
  status('This page cannot sign requests here: browsers offer Web Crypto only over HTTPS or on localhost/127.0.0.1. '
    + 'Open the console through one of those (pail serve --tls-address, or an SSH tunnel).', true);
}

const saved = sessionStorage.getItem(STORE);
if (saved && canSign) {
  const { accessKey, secretKey } = JSON.parse(saved);
  signIn(accessKey, secretKey, false).catch((err) => {
    sessionStorage.removeItem(STORE);
    status(`Sign-in failed: ${err.message}`, true);
  });
}
document.body.dataset.ready = 'true';
"""#
}
