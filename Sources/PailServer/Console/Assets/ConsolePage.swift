/// The console's one HTML page. `{{region}}` and `{{apiBase}}` are filled in by `ConsoleSite.page()`;
/// no inline script or style (the Content-Security-Policy forbids both).
enum ConsolePage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="pail-region" content="{{region}}">
<meta name="pail-api-base" content="{{apiBase}}">
<title>Pail console</title>
<link rel="stylesheet" href="/_pail/console/console.css">
<script type="module" src="/_pail/console/app.js"></script>
</head>
<body>
<header>
  <h1>Pail</h1>
  <nav id="tabs" hidden>
    <button type="button" data-tab="objects" class="active">Objects</button>
    <button type="button" data-tab="faults">Faults</button>
    <button type="button" data-tab="live">Live</button>
  </nav>
  <span id="who"></span>
  <button type="button" id="sign-out" hidden>Sign out</button>
</header>
<main>
<p id="status" role="status" aria-live="polite"></p>

<section id="signin-view">
  <h2>Sign in</h2>
  <p class="note">Requests are signed in this page (SigV4, Web Crypto); the secret is never sent and is kept in this tab's session storage only.</p>
  <form id="signin-form" autocomplete="off">
    <label>Access key <input id="signin-key" name="accessKey" required autocomplete="username"></label>
    <label>Secret key <input id="signin-secret" name="secretKey" type="password" required autocomplete="current-password"></label>
    <button type="submit" id="signin-button">Sign in</button>
  </form>
</section>

<section id="objects-view" hidden>
  <div class="columns">
    <aside id="buckets">
      <h2>Buckets</h2>
      <ul id="bucket-list"></ul>
      <form id="bucket-create" class="inline">
        <input id="bucket-name" name="bucket" placeholder="new-bucket-name" required pattern="[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]">
        <button type="submit" id="bucket-create-button">Create</button>
      </form>
    </aside>
    <div id="browser">
      <p class="note" id="no-bucket">Choose or create a bucket.</p>
      <div id="bucket-pane" hidden>
        <div class="toolbar">
          <nav id="crumbs" aria-label="prefix"></nav>
          <label>Per page
            <select id="page-size"><option>5</option><option>20</option><option selected>100</option><option>1000</option></select>
          </label>
          <button type="button" id="refresh">Refresh</button>
          <button type="button" id="bucket-delete" class="danger">Delete bucket</button>
        </div>
        <div id="drop-zone" tabindex="0">
          Drop files here to upload them to <code id="drop-target"></code>
          <label class="pick">or choose files <input type="file" id="file-input" multiple></label>
        </div>
        <ul id="uploads"></ul>
        <div class="scroll">
          <table id="object-table">
            <thead><tr><th>Name</th><th class="num">Size</th><th>Modified</th></tr></thead>
            <tbody></tbody>
          </table>
        </div>
        <div class="pager">
          <button type="button" id="first-page" hidden>First page</button>
          <button type="button" id="next-page" hidden>Next page</button>
        </div>
      </div>
    </div>
  </div>
  <section id="details" hidden>
    <h2>Object <code id="details-key"></code></h2>
    <div class="toolbar">
      <button type="button" id="download">Download</button>
      <button type="button" id="object-delete" class="danger">Delete</button>
      <button type="button" id="details-close">Close</button>
    </div>
    <form id="presign-form" class="inline">
      <label>Presigned GET, expires in <input id="presign-expires" type="number" min="1" max="604800" value="3600" required> seconds</label>
      <button type="submit" id="presign-button">Presign</button>
    </form>
    <p><a id="presign-link" hidden rel="noreferrer" target="_blank"></a></p>
    <div class="grid3">
      <div><h3>Metadata</h3><dl id="details-meta"></dl></div>
      <div><h3>Tags</h3><table id="details-tags"><thead><tr><th>Key</th><th>Value</th></tr></thead><tbody></tbody></table></div>
      <div><h3>Versions</h3><table id="details-versions"><thead><tr><th>Version</th><th class="num">Size</th><th>Modified</th><th>Latest</th></tr></thead><tbody></tbody></table></div>
    </div>
  </section>
</section>

<section id="faults-view" hidden>
  <h2>Add a fault rule</h2>
  <form id="fault-form">
    <fieldset><legend>Rule</legend>
      <label>Id <input id="fault-id" placeholder="assigned when empty"></label>
      <label>Description <input id="fault-description"></label>
    </fieldset>
    <fieldset><legend>Match</legend>
      <label>Service <select id="fault-service"><option value="">any</option><option>s3</option><option>sts</option><option>imds</option></select></label>
      <label>Operations <input id="fault-operations" list="operation-names" placeholder="PutObject, GetObject"></label>
      <label>Methods <input id="fault-methods" placeholder="PUT, GET"></label>
      <label>Bucket <input id="fault-bucket"></label>
      <label>Key prefix <input id="fault-key-prefix"></label>
      <label>Key glob <input id="fault-key-glob" placeholder="*.jpg"></label>
    </fieldset>
    <fieldset><legend>When</legend>
      <label>Fires <select id="fault-when">
        <option value="always">always</option><option value="once">once</option><option value="first">first N</option>
        <option value="every">every Nth</option><option value="after">after N</option><option value="probability">with probability</option>
      </select></label>
      <label id="fault-when-n-label" hidden>N / probability <input id="fault-when-n" type="number" step="any" min="0"></label>
    </fieldset>
    <fieldset><legend>Action</legend>
      <label>Type <select id="fault-type">
        <option>error</option><option>latency</option><option>bandwidth</option><option>reset</option><option>truncate</option>
        <option>corrupt</option><option>stall</option><option>lostWrite</option><option>staleRead</option><option>clockSkew</option>
        <option>expireCredentials</option>
      </select></label>
      <label data-for="error">Code <input id="fault-code" value="SlowDown"></label>
      <label data-for="error">Status <input id="fault-status" type="number" min="400" max="599" placeholder="from the code"></label>
      <label data-for="error">Message <input id="fault-message"></label>
      <label data-for="latency stall">Milliseconds <input id="fault-ms" type="number" min="0"></label>
      <label data-for="latency">Phase <select id="fault-phase"><option>beforeResponse</option><option>beforeBody</option></select></label>
      <label data-for="bandwidth">Bytes per second <input id="fault-bps" type="number" min="1"></label>
      <label data-for="reset truncate">After bytes <input id="fault-after-bytes" type="number" min="0"></label>
      <label data-for="corrupt">Offset <input id="fault-offset" type="number" min="0"></label>
      <label data-for="corrupt">Count <input id="fault-count" type="number" min="1"></label>
      <label data-for="lostWrite">Keep old version <input id="fault-keep-old" type="checkbox"></label>
      <label data-for="clockSkew">Seconds <input id="fault-seconds" type="number"></label>
    </fieldset>
    <datalist id="operation-names"></datalist>
    <button type="submit" id="fault-add">Add rule</button>
  </form>
  <h2>Rules <button type="button" id="faults-refresh">Refresh</button></h2>
  <div class="scroll"><table id="fault-rules"><thead><tr><th>Id</th><th>Match</th><th>When</th><th>Action</th><th></th></tr></thead><tbody></tbody></table></div>
  <h2>Fault log <button type="button" id="fault-log-clear" class="danger">Clear</button></h2>
  <div class="scroll"><table id="fault-log"><thead><tr><th>#</th><th>Time</th><th>Rule</th><th>Action</th><th>Operation</th><th>Bucket/key</th></tr></thead><tbody></tbody></table></div>
</section>

<section id="live-view" hidden>
  <h2>Recent requests <label class="small"><input type="checkbox" id="live-pause"> pause</label></h2>
  <div class="scroll"><table id="live-table"><thead><tr><th>Time (UTC)</th><th>Method</th><th>Operation</th><th>Bucket/key</th><th class="num">Status</th><th class="num">ms</th><th>Faults</th></tr></thead><tbody></tbody></table></div>
</section>
</main>
</body>
</html>
"""#
}
