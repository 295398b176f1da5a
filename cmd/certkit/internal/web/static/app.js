// certkit web: the page. It sends the dropped files to certkit on this
// computer (the loopback address it was opened from) and shows what the
// certkit commands would print. It keeps the files and any password in
// this page's memory only: nothing is stored, nothing goes anywhere else.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  // roles: the CUCM audit role chosen for each group of files.
  const state = { files: [], seq: 0, view: null, roles: {} };

  // The address certkit printed carries the token; the server traded it
  // for a cookie, so drop it from the address bar and the history.
  if (location.search) history.replaceState(null, '', '/');
  $('where').textContent = location.host;

  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function setStatus(text, bad) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('problem', !!bad);
  }

  // --- sending -------------------------------------------------------

  function choices() {
    const passwords = {};
    state.files.forEach((f, i) => { if (f.password) passwords[i] = f.password; });
    return {
      passwords,
      trustpoint: $('trustpoint').value,
      hostname: $('hostname').value,
      service: $('service').value,
      owner: $('owner').value,
      trunk_subject: $('trunk').value,
      fqdn: $('fqdn').value,
      csr_service: $('csr-service').value,
      cucm_roles: state.roles,
      names: state.files.map((f) => f.name),
    };
  }

  function form() {
    const fd = new FormData();
    for (const f of state.files) fd.append('file', f.blob, f.name);
    fd.append('choices', new Blob([JSON.stringify(choices())], { type: 'application/json' }));
    return fd;
  }

  async function post(path) {
    let r;
    try {
      r = await fetch(path, { method: 'POST', body: form(), credentials: 'same-origin' });
    } catch (e) {
      throw new Error('certkit web is not answering: it may have stopped (Ctrl-C, or --idle). Run certkit web again and open the address it prints.');
    }
    if (!r.ok) {
      let msg = r.status + ' ' + r.statusText;
      try { msg = (await r.json()).error || msg; } catch (e) { /* not JSON */ }
      throw new Error(msg);
    }
    return r;
  }

  async function refresh() {
    const seq = ++state.seq;
    if (state.files.length === 0) {
      state.view = null;
      render(null);
      setStatus('');
      return;
    }
    setStatus('Reading ' + plural(state.files.length, 'file') + '…');
    document.body.classList.add('busy');
    try {
      const r = await post('/api/analyze');
      const v = await r.json();
      performance.mark('certkit:answered');
      if (seq !== state.seq) return; // a newer request is on its way
      state.view = v;
      render(v);
      setStatus(summary(v));
      performance.mark('certkit:rendered');
      // After the next paint: the moment the user sees it.
      requestAnimationFrame(() => setTimeout(() => performance.mark('certkit:shown')));
    } catch (e) {
      if (seq === state.seq) setStatus(e.message, true);
    } finally {
      if (seq === state.seq) document.body.classList.remove('busy');
    }
  }

  let timer = 0;
  function refreshSoon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  }

  async function download(button) {
    const name = button.dataset.name;
    button.disabled = true;
    setStatus('Making ' + name + '…');
    try {
      const r = await post(button.dataset.download);
      const blob = await r.blob();
      const url = URL.createObjectURL(blob);
      const a = el('a', { href: url, download: name, hidden: '' });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
      setStatus('Downloaded ' + name + '.');
    } catch (e) {
      setStatus(name + ': ' + e.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // --- adding files --------------------------------------------------

  // A file's name is its path inside a dropped or chosen folder
  // (stores/CallManager-trust/vgw1.pem), as certkit cucm audit reads a
  // folder of trust stores; else its own name.
  function addFiles(list) {
    addNamed(Array.from(list, (f) => ({ blob: f, name: f.webkitRelativePath || f.name })));
  }

  function addNamed(items) {
    performance.mark('certkit:added');
    for (const it of items) state.files.push({ blob: it.blob, name: it.name, password: '' });
    renderFiles();
    refresh();
  }

  // readEntries reads dropped folders, with the path of each file in them.
  async function readEntries(entries) {
    const out = [];
    const walk = async (en) => {
      if (en.isFile) {
        const f = await new Promise((ok, bad) => en.file(ok, bad));
        out.push({ blob: f, name: en.fullPath.replace(/^\//, '') });
        return;
      }
      const reader = en.createReader();
      for (;;) {
        const batch = await new Promise((ok, bad) => reader.readEntries(ok, bad));
        if (!batch.length) break;
        for (const c of batch) await walk(c);
      }
    };
    for (const en of entries) await walk(en);
    return out;
  }

  $('choose').addEventListener('click', () => $('picker').click());
  $('choose-folder').addEventListener('click', () => $('folder-picker').click());
  for (const id of ['picker', 'folder-picker']) {
    $(id).addEventListener('change', (e) => {
      addFiles(e.target.files);
      e.target.value = '';
    });
  }
  const drop = $('drop');
  for (const ev of ['dragenter', 'dragover']) {
    drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add('over'); });
  }
  for (const ev of ['dragleave', 'drop']) {
    drop.addEventListener(ev, () => drop.classList.remove('over'));
  }
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const dt = e.dataTransfer;
    if (!dt) return;
    // A folder comes as an entry, to be read; the entries must be taken
    // before the event ends.
    const entries = [];
    for (const it of dt.items || []) {
      const en = it.kind === 'file' && it.webkitGetAsEntry ? it.webkitGetAsEntry() : null;
      if (en) entries.push(en);
    }
    if (entries.some((en) => en.isDirectory)) {
      setStatus('Reading the folders…');
      readEntries(entries).then(addNamed, (err) => setStatus('Reading the folders: ' + err.message, true));
      return;
    }
    if (dt.files.length) addFiles(dt.files);
  });
  // A file dropped beside the zone should not make the browser open it.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());

  let pastes = 0;
  $('add-text').addEventListener('click', () => {
    const text = $('pasted').value;
    if (!text.trim()) { setStatus('Paste some text first.', true); return; }
    pastes++;
    addFiles([new File([text], 'pasted text ' + pastes + '.txt', { type: 'text/plain' })]);
    $('pasted').value = '';
  });

  for (const id of ['trustpoint', 'hostname', 'trunk', 'fqdn']) $(id).addEventListener('input', refreshSoon);
  // Whose certificate the CUCM plan is for: once a trustpoint or hostname
  // is typed in the IOS section, a gateway's, unless the user chose.
  let ownerChosen = false;
  $('owner').addEventListener('change', () => { ownerChosen = true; refresh(); });
  for (const id of ['trustpoint', 'hostname']) {
    $(id).addEventListener('input', () => {
      if (!ownerChosen) $('owner').value = ($('trustpoint').value.trim() || $('hostname').value.trim()) ? 'device' : 'cucm';
    });
  }
  $('chain-filter').addEventListener('input', () => {
    shownChains = page;
    if (state.view) renderChains(state.view);
  });
  for (const id of ['service', 'csr-service']) $(id).addEventListener('change', refresh);
  for (const b of document.querySelectorAll('button[data-download]')) {
    b.addEventListener('click', () => download(b));
  }

  // --- showing -------------------------------------------------------

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  function summary(v) {
    const bad = v.files.filter((f) => f.error).length;
    let s = plural(v.files.length, 'file') + ': ' + plural(v.certificates.length, 'certificate') +
      ' in ' + plural(v.chains.length, 'chain');
    if (v.requests.length) s += ', ' + plural(v.requests.length, 'certificate request');
    const audited = v.cucm_audit ? v.cucm_audit.stores.reduce((n, st) => n + st.files, 0) : 0;
    if (audited) s += '; ' + plural(audited, 'certificate') + ' of CUCM trust stores, audited below';
    if (bad) s += '; ' + bad + ' could not be read';
    return s + '.';
  }

  function renderFiles() {
    const list = $('file-list');
    list.replaceChildren();
    const views = state.view ? state.view.files : [];
    state.files.forEach((f, i) => {
      const v = views[i] && views[i].name === f.name ? views[i] : null;
      const li = el('li', { class: 'file' + (v && v.error ? ' has-error' : '') });
      const head = el('div', { class: 'file-head' },
        el('span', { class: 'file-name', text: f.name }),
        el('span', { class: 'file-found', text: v ? found(v) : 'reading…' }),
        el('button', { type: 'button', class: 'link', 'aria-label': 'Remove ' + f.name, text: 'Remove', onclick: () => removeFile(i) }));
      li.append(head);
      if (v && v.error) {
        li.append(el('p', { class: 'problem', text: v.error }));
        if (v.hint) li.append(el('p', { class: 'hint', text: v.hint }));
      }
      if (v && v.password) li.append(passwordForm(f, i));
      if (v) for (const n of v.notes) li.append(el('p', { class: 'note', text: n }));
      list.append(li);
    });
  }

  function found(v) {
    if (v.error) return 'not read';
    const parts = [];
    if (v.certificates) parts.push(plural(v.certificates, 'certificate'));
    if (v.requests) parts.push(plural(v.requests, 'certificate request'));
    if (v.private_keys) parts.push(plural(v.private_keys, 'private key'));
    if (v.crls) parts.push(plural(v.crls, 'CRL'));
    return v.encodings.join(', ') + (parts.length ? ': ' + parts.join(', ') : '');
  }

  function passwordForm(f, i) {
    const id = 'pw-' + i;
    const input = el('input', { type: 'password', id, autocomplete: 'off' });
    const form = el('form', { class: 'password' },
      el('label', { for: id, text: 'Password for ' + f.name }), input,
      el('button', { type: 'submit', text: 'Open' }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      f.password = input.value;
      refresh().then(() => {
        // Still asking (a wrong password): back to the field; else to the
        // status line, which says what was read.
        const next = $(id);
        if (next) next.focus();
        else $('status').focus();
      });
    });
    return form;
  }

  function removeFile(i) {
    state.files.splice(i, 1);
    if (state.view) state.view.files.splice(i, 1);
    renderFiles();
    refresh();
    $('choose').focus();
  }

  function render(v) {
    renderFiles();
    const has = v && v.certificates.length > 0;
    $('chains-card').hidden = !has;
    $('downloads-card').hidden = !has;
    // The hostname is also checked in CSRs, so its card shows for them too.
    $('ios-card').hidden = !(has || (v && v.requests.length > 0));
    $('cucm-card').hidden = !has;
    $('csr-card').hidden = !(v && v.requests.length > 0);
    if (!v) return;
    fillSelect($('service'), v.services, null);
    fillSelect($('csr-service'), v.csr_services, 'none: the generic checks only');
    if (has) {
      renderChains(v);
      renderDownloads(v);
      renderCUCM(v);
    }
    renderPaste(v);
    renderCSRs(v);
    renderIOSAudit(v);
    renderCUCMAudit(v);
  }

  function fillSelect(select, names, none) {
    if (select.dataset.filled) return;
    select.replaceChildren();
    if (none !== null) select.append(el('option', { value: '', text: none }));
    for (const n of names) select.append(el('option', { value: n, text: n }));
    select.dataset.filled = '1';
  }

  // The first chains are open. A CA's export can hold thousands: the page
  // draws them a hundred at a time (more on request, or those a search
  // finds), and draws a closed chain's certificates only when it is opened.
  const openChains = 5;
  const page = 100;
  let shownChains = page;

  function renderChains(v) {
    const box = $('chains');
    const frag = document.createDocumentFragment();
    const filter = $('chain-filter').value.trim().toLowerCase();
    $('chain-search').hidden = v.chains.length <= page;
    const matches = [];
    v.chains.forEach((ch, n) => {
      if (!filter || ch.certificates.some((i) => {
        const c = v.certificates[i];
        return c.subject.toLowerCase().includes(filter) || c.sha256.startsWith(filter);
      })) matches.push(n);
    });
    for (const n of matches.slice(0, shownChains)) frag.append(chainItem(v, v.chains[n], n));
    const more = matches.length - Math.min(shownChains, matches.length);
    if (filter) {
      frag.prepend(el('p', { class: 'hint', text: plural(matches.length, 'chain') + ' of ' + v.chains.length + ' hold a certificate matching "' + filter + '".' }));
    }
    if (more > 0) {
      const btn = el('button', { type: 'button', id: 'more-chains', text: 'Show ' + Math.min(page, more) + ' more (' + more + ' not shown)' });
      btn.addEventListener('click', () => {
        shownChains += page;
        renderChains(v);
        const next = box.querySelectorAll('.chain')[shownChains - page];
        if (next) next.querySelector('summary').focus();
      });
      frag.append(el('div', { class: 'buttons' }, btn));
    }
    if (v.outside.length) {
      const p = el('div', { class: 'outside' }, el('h3', { text: 'Not in any chain (another copy or issuer was taken)' }));
      const ol = el('ul', { class: 'certs' });
      v.outside.forEach((i) => ol.append(certItem(v.certificates[i], v.certificates[i].role)));
      p.append(ol);
      frag.append(p);
    }
    for (const n of v.notes) frag.append(el('p', { class: 'note', text: n }));
    box.replaceChildren(frag);
  }

  function chainItem(v, ch, n) {
    const state = ch.complete ? 'complete' : 'incomplete';
    const names = ch.certificates.map((i) => v.certificates[i].common_name || v.certificates[i].subject);
    const d = el('details', { class: 'chain ' + state },
      el('summary', null,
        el('span', { class: 'chain-title', text: 'Chain ' + (n + 1) + ': ' + state }),
        el('span', { class: 'chain-names', text: names.join(' → ') })));
    const fill = () => {
      if (d.dataset.filled) return;
      d.dataset.filled = '1';
      const ol = el('ol', { class: 'certs' });
      ch.certificates.forEach((i, k) => ol.append(certItem(v.certificates[i], ch.roles[k])));
      d.append(ol);
      if (ch.missing) d.append(el('p', { class: 'problem', text: ch.missing }));
      for (const w of ch.warnings) d.append(el('p', { class: 'warning', text: 'warning: ' + w }));
      for (const w of ch.notes) d.append(el('p', { class: 'note', text: 'note: ' + w }));
    };
    if (n < openChains) { d.open = true; fill(); } else d.addEventListener('toggle', fill);
    return d;
  }

  function certItem(c, role) {
    const li = el('li', { class: 'cert role-' + role });
    const status = c.status === 'valid' ? null : el('span', { class: 'badge status-' + c.status.replace(/ /g, '-'), text: c.status });
    li.append(el('div', { class: 'cert-head' },
      el('span', { class: 'badge role', text: role }),
      el('span', { class: 'cn', text: c.common_name || c.subject }),
      status));
    const dl = el('dl', { class: 'facts' });
    const row = (k, val, cls) => dl.append(el('dt', { text: k }), el('dd', { class: cls || '', text: val }));
    row('Subject', c.subject, 'name');
    row('Issuer', c.issuer, 'name');
    row('Valid', c.not_before + ' to ' + c.not_after, 'validity status-' + c.status.replace(/ /g, '-'));
    if (c.sans.length) row('SANs', c.sans.join(', '), 'sans');
    row('Key', c.key, 'key');
    row('SHA-256', c.sha256, 'mono');
    row('Fingerprint MD5', c.ios_md5, 'mono');
    row('Fingerprint SHA1', c.ios_sha1, 'mono');
    li.append(dl);
    return li;
  }

  function renderDownloads(v) {
    // The commands refuse to run with an unreadable input; the page makes
    // its files from the readable ones, and says so.
    const bad = v.files.filter((f) => f.error).map((f) => f.name);
    const partial = $('partial');
    partial.hidden = bad.length === 0;
    partial.textContent = bad.length ? 'Made from the readable files only: ' + bad.join(', ') + ' could not be read (see above).' : '';
    const err = $('ca-only-error');
    err.hidden = !v.ca_only_error;
    err.textContent = v.ca_only_error ? 'CA-only .p7b: ' + v.ca_only_error : '';
    $('dl-p7b').disabled = !!v.ca_only_error;
    const list = $('split-list');
    const fill = () => {
      list.replaceChildren(...v.split.map((s) => el('li', { text: s.name })));
    };
    const d = $('split-details');
    d.ontoggle = () => { if (d.open) fill(); };
    if (d.open || v.split.length <= 50) fill(); else list.replaceChildren();
  }

  function messages(box, v) {
    if (v.error) box.append(el('p', { class: 'problem', text: v.error }));
    for (const w of v.warnings || []) box.append(el('p', { class: 'warning', text: w }));
    for (const n of v.notes || []) box.append(el('p', { class: 'note', text: 'note: ' + n }));
  }

  function renderPaste(v) {
    const box = $('paste-out');
    box.replaceChildren();
    const p = v.paste;
    if (!v.certificates.length) {
      box.append(el('p', { class: 'hint', text: 'The paste session needs certificates: drop the CA\'s files and the gateway\'s certificate.' }));
      return;
    }
    if (!p) {
      box.append(el('p', { class: 'hint', text: 'Type the trustpoint to get the text to paste at the gateway: crypto pki authenticate with the issuing CA, then crypto pki import with the gateway\'s certificate.' }));
      return;
    }
    messages(box, p);
    if (!p.text) return;
    box.append(el('p', { class: 'lead', text: 'Issuing CA "' + p.issuer + '", then the gateway certificate "' + p.gateway + '", for trustpoint ' + p.trustpoint + ':' }));
    box.append(el('p', { class: 'caution', text: 'Paste up to the first quit. IOS then prints the CA certificate\'s Fingerprint MD5 and SHA1: compare them with the ! line and answer yes only if they match. Then paste the rest.' }));
    box.append(el('pre', { id: 'paste-text', class: 'paste', tabindex: '0', 'aria-label': 'IOS paste session' }, p.text));
    const copied = el('span', { class: 'copied', role: 'status', 'aria-live': 'polite' });
    const copy = el('button', { type: 'button', id: 'copy', text: 'Copy the paste text' });
    copy.addEventListener('click', () => copyText(p.text, copied));
    box.append(el('div', { class: 'buttons' }, copy, copied));
  }

  async function copyText(text, out) {
    try {
      await navigator.clipboard.writeText(text);
      out.textContent = 'Copied.';
    } catch (e) {
      // Without clipboard access, select the text for Ctrl-C.
      const sel = window.getSelection();
      const range = document.createRange();
      range.selectNodeContents($('paste-text'));
      sel.removeAllRanges();
      sel.addRange(range);
      out.textContent = 'The browser refused to copy: the text is selected, press Ctrl-C.';
    }
  }

  function renderCUCM(v) {
    const box = $('cucm-out');
    box.replaceChildren();
    const c = v.cucm;
    $('dl-cucm').disabled = !c || !!c.error;
    if (!c) return;
    if (!c.error) {
      box.append(el('p', { class: 'lead', text: 'On CUCM: OS Administration > Security > Certificate Management > Upload Certificate/Certificate chain, in this order:' }));
      const ol = el('ol', { class: 'steps' });
      for (const s of c.steps) {
        ol.append(el('li', null,
          el('span', { class: 'badge purpose', text: s.purpose }), ' ',
          el('span', { class: 'subject', text: s.subject }),
          el('div', { class: 'step-file mono', text: s.file })));
      }
      box.append(ol);
      if (c.gateway) box.append(el('p', { class: 'note', text: c.gateway }));
      if (c.trunk_subject.length) {
        const ul = el('ul', { class: 'trunk' });
        for (const n of c.trunk_subject) {
          ul.append(el('li', { class: n.match ? 'ok' : 'warning', text: n.name + ': ' + n.verdict }));
        }
        box.append(el('h3', { text: 'SIP trunk X.509 subject names' }), ul);
      }
    }
    messages(box, c);
  }

  function renderIOSAudit(v) {
    const card = $('ios-audit-card');
    const rep = v.ios_audit;
    card.hidden = !rep;
    const box = $('ios-audit-out');
    box.replaceChildren();
    if (!rep) return;
    const day = (t) => (t ? t.slice(0, 10) : '-');
    const findings = (list, where) => {
      for (const f of list || []) {
        box.append(el('p', { class: f.severity === 'info' ? 'note' : 'warning', text: where + f.severity + ': ' + f.code + ': ' + f.message }));
      }
    };
    for (const g of rep.gateways) {
      box.append(el('h3', { text: (g.hostname || '(no hostname)') + ' (' + g.file + ')' }));
      if (g.secure_voice) box.append(el('p', { class: 'note', text: 'Secure voice: ' + g.secure_voice.summary }));
      const table = el('table', { class: 'audit' });
      table.append(el('thead', null, el('tr', null, ...['Trustpoint', 'Role', 'Subject', 'Expires', 'Renews'].map((h) => el('th', { scope: 'col', text: h })))));
      const body = el('tbody');
      for (const tp of g.trustpoints) {
        for (const c of tp.certificates) {
          body.append(el('tr', null, el('td', { text: tp.name }), el('td', { text: c.role }), el('td', { class: 'subject', text: c.subject }),
            el('td', { text: day(c.not_after) }), el('td', { text: day(c.renews) })));
        }
      }
      table.append(body);
      box.append(el('div', { class: 'table-wrap' }, table));
      findings(g.findings, '');
      for (const tp of g.trustpoints) findings(tp.findings, tp.name + ': ');
    }
    findings(rep.findings, '');
  }

  function renderCUCMAudit(v) {
    const card = $('cucm-audit-card');
    const a = v.cucm_audit;
    card.hidden = !a;
    const box = $('cucm-audit-out');
    box.replaceChildren();
    $('dl-audit').disabled = !a || !!a.error;
    if (!a) return;
    renderRoles(a);
    if (a.error) {
      box.append(el('p', { class: 'problem', text: a.error }));
      return;
    }
    box.append(el('ul', { class: 'counts', 'aria-label': 'Certificates per store, before and after the plan' },
      ...a.stores.map((s) => el('li', { text: s.count }))));
    if (a.findings.length) {
      box.append(el('h3', { text: 'findings:' }));
      const ul = el('ul', { class: 'findings' });
      for (const f of a.findings) {
        // In cucm audit's words: code (severity): message.
        ul.append(el('li', { class: 'finding ' + (f.severity === 'info' ? 'note' : 'warning') },
          el('span', { class: 'code', text: f.code + ' (' + f.severity + '): ' }), f.message));
      }
      box.append(ul);
    }
    for (const s of a.stores) {
      if (!s.actions.length) continue;
      const d = el('details', { class: 'store' }, el('summary', { text: s.heading }));
      const fill = () => {
        if (d.dataset.filled) return;
        d.dataset.filled = '1';
        const ol = el('ul', { class: 'actions' });
        for (const act of s.actions) {
          const dl = el('dl', { class: 'facts' });
          const row = (k, val, cls) => dl.append(el('dt', { text: k }), el('dd', { class: cls || '', text: val }));
          row('subject', act.subject, 'name');
          row('expires', act.expires);
          row('reason', act.reason);
          row('delete', act.delete);
          row('cli', act.cli, 'mono');
          ol.append(el('li', { class: 'action' },
            el('div', { class: 'action-head' }, el('span', { class: 'badge code', text: act.code }), el('span', { class: 'mono', text: act.file })),
            dl));
        }
        d.append(ol);
      };
      // A short list is open; a long one is drawn when opened.
      if (s.actions.length <= 10) { d.open = true; fill(); } else d.addEventListener('toggle', fill);
      box.append(d);
    }
    for (const n of a.notes) box.append(el('p', { class: 'note', text: 'note: ' + n }));
  }

  // renderRoles draws a choice per group of files outside the store
  // folders, redrawn only when the groups change, so that the choice
  // being made keeps the keyboard focus.
  function renderRoles(a) {
    const fs = $('cucm-audit-roles');
    const box = $('cucm-audit-groups');
    fs.hidden = a.groups.length === 0;
    const key = JSON.stringify(a.groups.map((g) => g.name));
    if (box.dataset.key === key) {
      a.groups.forEach((g, i) => { const sel = $('role-' + i); if (sel) sel.value = g.role; });
      return;
    }
    box.dataset.key = key;
    box.replaceChildren();
    a.groups.forEach((g, i) => {
      const id = 'role-' + i;
      const sel = el('select', { id });
      for (const r of a.roles) sel.append(el('option', { value: r.value, text: r.label }));
      sel.value = g.role;
      sel.addEventListener('change', () => {
        if (sel.value) state.roles[g.name] = sel.value; else delete state.roles[g.name];
        refresh();
      });
      box.append(el('div', { class: 'field' },
        el('label', { for: id, text: g.name + (g.files > 1 ? ' (' + plural(g.files, 'file') + ')' : '') }), sel));
    });
  }

  function renderCSRs(v) {
    const box = $('csr-out');
    box.replaceChildren();
    for (const r of v.requests) {
      const art = el('article', { class: 'csr' }, el('h3', { text: r.file }));
      const dl = el('dl', { class: 'facts' });
      const row = (k, val) => dl.append(el('dt', { text: k }), el('dd', { text: val }));
      row('Subject', r.subject);
      row('SANs', r.sans.join(', ') || '(none)');
      row('Key', r.key);
      row('Signature', r.signature);
      row('Key usage', r.key_usage.join(', ') || '(none)');
      row('Extended key usage', r.ext_key_usage.join(', ') || '(none)');
      art.append(dl);
      if (!r.findings.length) art.append(el('p', { class: 'ok', text: 'No findings.' }));
      const ul = el('ul', { class: 'findings' });
      for (const f of r.findings) {
        ul.append(el('li', { class: 'finding ' + f.severity },
          el('span', { class: 'badge sev-' + f.severity, text: f.severity }), ' ',
          el('span', { class: 'code', text: f.code + ': ' }), f.message));
      }
      art.append(ul);
      box.append(art);
    }
  }
})();
