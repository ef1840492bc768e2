// A stand-in backend for trying the e2e runner and taking screenshots
// before the real demo workspace has data (PARLEY_E2E_MOCK=1). It installs
// window.go and window.runtime exactly as the serve shim does. Made-up data.
(function () {
  if (window.go && window.go.app) return;
  var now = Date.now();
  var h = 3600e3;
  var firstNames = ['Maria', 'Jonas', 'Aiko', 'Samir', 'Elena', 'Tomasz', 'Grace', 'Lucas', 'Priya', 'Henrik', 'Chloe', 'Mateo'];
  var lastNames = ['Lindqvist', 'Becker', 'Tanaka', 'Haddad', 'Rossi', 'Nowak', 'Okafor', 'Martin', 'Raman', 'Dahl', 'Dubois', 'Silva'];
  var titles = ['Head of Purchasing', 'Operations Manager', 'CFO', 'Warehouse Lead', 'IT Director', 'Buyer'];
  var roles = ['Decision maker', 'Champion', 'Influencer', 'User', 'Blocker', ''];
  var journeys = ['Evaluating', 'Negotiating', 'Customer', 'Onboarding', '', 'Renewal'];
  var names = [
    ['Acme Foods', 'acme-foods.example'], ['Borealis Logistics', 'borealis.example'], ['Cobalt Dental Group', 'cobaltdental.example'],
    ['Dunmore Hotels', 'dunmore-hotels.example'], ['Evergreen Schools', 'evergreen.example'], ['Fjord Marine Supply', 'fjordmarine.example'],
    ['Granite Builders', 'granitebuilders.example'], ['Harbor Health Clinics', 'harborhealth.example'],
  ];
  var subjects = ['Pricing for the spring order', 'Delivery schedule for March', 'Re: Quote 2026-114', 'Visit next Tuesday?',
    'Contract renewal terms', 'Samples arrived', 'Invoice question', 'New contact for deliveries', 'Follow-up on our call', 'Training dates'];
  var accounts = [], contacts = [], threads = {}, timelines = {};
  names.forEach(function (n, i) {
    var id = 'acc-' + (i + 1);
    var people = [];
    for (var j = 0; j < 2 + (i % 3); j++) {
      var k = (i * 3 + j) % firstNames.length;
      var c = { id: 'c-' + i + '-' + j, name: firstNames[k] + ' ' + lastNames[(k + i) % lastNames.length],
        addresses: [firstNames[k].toLowerCase() + '@' + n[1]], title: titles[(i + j) % titles.length], role: roles[(i + j) % roles.length],
        accountId: id, accountName: n[0], lastAt: now - (i * 7 + j * 30 + 2) * h };
      people.push(c); contacts.push(c);
    }
    var items = [];
    for (var t = 0; t < 3 + (i % 4); t++) {
      var tid = 'thr-' + i + '-' + t;
      var at = now - (i * 5 + t * 29 + 1) * h;
      var p = people[t % people.length];
      var dir = t % 3 === 1 ? 'out' : 'in';
      var subj = subjects[(i + t) % subjects.length];
      var msgs = [];
      for (var q = 0; q < 1 + (t % 3); q++) {
        var out = (q % 2 === 1) !== (dir === 'out');
        var me = { name: 'Sam Carter', address: 'sam@parley-demo.example', contactId: '' };
        var them = { name: p.name, address: p.addresses[0], contactId: p.id };
        msgs.push({ id: tid + '-m' + q, from: out ? me : them, to: [out ? them : me], cc: q === 0 && people[1] ? [{ name: people[1].name, address: people[1].addresses[0], contactId: people[1].id }] : [],
          date: at - (2 - q) * 5 * h, subject: (q ? 'Re: ' : '') + subj,
          body: out ? 'Hi ' + p.name.split(' ')[0] + ',\n\nThanks for the quick answer. I will send the updated price list by Friday, and we can go through the delivery slots when I visit on Tuesday.\n\nBest,\nSam'
                    : 'Hello Sam,\n\nCould you send the updated price list before Friday? We would like to place the spring order for all three sites.\nAlso, <b>please</b> confirm the pallet sizes.\n\nRegards,\n' + p.name,
          quoted: q ? '> On ' + new Date(at - 10 * h).toDateString() + ', ' + p.name + ' wrote:\n> Could you send the updated price list before Friday?' : '',
          truncated: false, direction: out ? 'out' : 'in',
          attachments: q === 0 && t % 2 === 0 ? [{ name: 'price-list-2026.pdf', contentType: 'application/pdf', size: 184320, kept: true }] : [],
          unparsed: i === 2 && t === 1 && q === 0 ? 'The message uses a character set Parley does not know (x-mac-unknown).' : '' });
      }
      threads[tid] = { id: tid, subject: subj, accountId: id, accountName: n[0], messages: msgs };
      items.push({ kind: 'email', id: tid, at: at, title: subj, snippet: msgs[msgs.length - 1].body.replace(/\s+/g, ' ').slice(0, 140),
        people: [p.name], accountId: id, accountName: n[0], count: msgs.length, direction: msgs[msgs.length - 1].direction });
    }
    if (i % 2 === 0) items.push({ kind: 'call', id: 'act-' + i, at: now - (i * 9 + 40) * h, title: 'Call with ' + people[0].name,
      snippet: 'Agreed to revisit volumes after the trade fair.', people: [people[0].name], accountId: id, accountName: n[0], count: 0, direction: '' });
    timelines[id] = items;
    accounts.push({ id: id, name: n[0], domains: [n[1]], journey: journeys[i % journeys.length], lastAt: now - (i * 5 + 1) * h,
      threadCount: items.filter(function (x) { return x.kind === 'email'; }).length, contactCount: people.length });
  });
  // One long-standing account with a long history, to exercise windowing.
  (function () {
    var id = 'acc-7';
    var acct = accounts.filter(function (a) { return a.id === id; })[0];
    for (var k = 0; k < 260; k++) {
      var tid = 'thr-old-' + k;
      var at = now - (200 + k * 31) * h;
      var subj = 'Weekly order ' + (1000 + k);
      threads[tid] = { id: tid, subject: subj, accountId: id, accountName: acct.name, messages: [{ id: tid + '-m0',
        from: { name: 'Orders desk', address: 'orders@granitebuilders.example', contactId: '' }, to: [], cc: [], date: at, subject: subj,
        body: 'Order ' + (1000 + k) + ' attached.', quoted: '', truncated: false, direction: 'in', attachments: [], unparsed: '' }] };
      timelines[id].push({ kind: 'email', id: tid, at: at, title: subj, snippet: 'Order ' + (1000 + k) + ' attached.', people: ['Orders desk'],
        accountId: id, accountName: acct.name, count: 1, direction: 'in' });
    }
    acct.threadCount = timelines[id].length;
  })();
  function sortTl(id) { timelines[id].sort(function (a, b) { return b.at - a.at; }); }
  Object.keys(timelines).forEach(sortTl);
  var status = { version: 'mock', state: 'open', message: '', demo: true, firstRun: sessionStorage.getItem('parley-mock-demo') !== '1', online: true, dataDir: '/tmp/parley-mock/data',
    keySource: 'keychain', diskEncrypted: 'unknown',
    import: { running: true, paused: false, phase: 'fetching', folder: 'INBOX', done: 1840, total: 5200, rate: 38.4, etaSec: 88, error: '',
      folders: [{ account: 'sam@parley-demo.example', folder: 'INBOX', done: 1400, total: 3900 }, { account: 'sam@parley-demo.example', folder: 'Sent', done: 440, total: 1300 }] },
    sync: { configured: false, pending: 0, lastSync: 0, error: '' }, counts: { accounts: accounts.length, contacts: contacts.length, threads: Object.keys(threads).length, messages: 5200, activities: 4 } };
  // ?mock=locked starts locked until Unlock('e2e-pass').
  if (/[?&]mock=locked/.test(location.search) && sessionStorage.getItem('parley-mock-unlocked') !== '1') {
    status.state = 'locked';
    status.message = 'The system keychain is not available, so Parley needs your passphrase to open this workspace.';
  }
  var listeners = {};
  function emit(name, payload) { (listeners[name] || []).slice().forEach(function (cb) { cb(payload); }); }
  function ok(v) { return new Promise(function (r) { setTimeout(function () { r(JSON.parse(JSON.stringify(v))); }, 30); }); }
  function match(s, f) { return !f || s.toLowerCase().indexOf(f.toLowerCase()) >= 0; }
  var nextAct = 100;
  window.go = { app: {
    WorkspaceService: {
      Status: function () { return ok(status); },
      ChooseDemo: function () { status.firstRun = false; sessionStorage.setItem('parley-mock-demo', '1'); return ok(status); },
      Unlock: function (p) {
        if (p !== 'e2e-pass') return Promise.reject('vault: wrong passphrase');
        status.state = 'open'; status.message = ''; sessionStorage.setItem('parley-mock-unlocked', '1');
        return ok(status);
      },
      SetPassphrase: function () { return ok(null); },
    },
    AccountService: {
      List: function (f) { return ok(accounts.filter(function (a) { return match(a.name, f) || a.domains.some(function (d) { return match(d, f); }); })); },
      Get: function (id) {
        var a = accounts.filter(function (x) { return x.id === id; })[0];
        if (!a) return Promise.reject('account ' + id + ': not found');
        return ok({ account: a, contacts: contacts.filter(function (c) { return c.accountId === id; }), timeline: timelines[id] });
      },
    },
    ContactService: { List: function (f) { return ok(contacts.filter(function (c) { return match(c.name, f) || match(c.addresses[0], f); })); } },
    TimelineService: {
      Recent: function (n) { var all = []; Object.keys(timelines).forEach(function (k) { all = all.concat(timelines[k]); });
        all.sort(function (a, b) { return b.at - a.at; }); return ok(all.slice(0, n)); },
      Thread: function (id) { return threads[id] ? ok(threads[id]) : Promise.reject('thread ' + id + ': not found'); },
    },
    ActivityService: {
      Capture: function (inp) {
        var a = accounts.filter(function (x) { return x.id === inp.accountId; })[0];
        if (!a) return Promise.reject('capture: unknown account');
        var item = { kind: inp.kind, id: 'act-' + nextAct++, at: Date.now(), title: inp.body.split('\n')[0].slice(0, 80), snippet: inp.body.slice(0, 140),
          people: [], accountId: a.id, accountName: a.name, count: 0, direction: '' };
        timelines[a.id].unshift(item); status.counts.activities++;
        setTimeout(function () { emit('changed', { kinds: ['activity'] }); }, 10);
        return ok(item);
      },
    },
    // A crude stand-in for the index: every plain word must appear in the
    // title or snippet; matches come back escaped and in <mark>, as the
    // real service sends them.
    SearchService: {
      Search: function (q) { var r = mockSearch(q); var page = r.slice(q.offset || 0, (q.offset || 0) + (q.size || 20));
        var groups = []; var by = {};
        page.forEach(function (h, i) { if (!by[h.accountId]) { by[h.accountId] = { accountId: h.accountId, accountName: h.accountName, hits: [] }; groups.push(by[h.accountId]); } by[h.accountId].hits.push(i); });
        return ok({ total: r.length, tookMs: 0.4, read: 'all of: ' + words(q.query).join(', '), notes: [], partial: false, hits: page, groups: groups }); },
      Facets: function (q) { var r = mockSearch(q); var acc = {}, kinds = {}, years = {};
        r.forEach(function (h) { acc[h.accountId] = acc[h.accountId] || { value: h.accountId, label: h.accountName, count: 0 }; acc[h.accountId].count++;
          kinds[h.kind] = kinds[h.kind] || { value: h.kind, label: h.kind, count: 0 }; kinds[h.kind].count++;
          var y = String(new Date(h.date).getFullYear()); years[y] = years[y] || { value: y, label: y, count: 0 }; years[y].count++; });
        var vals = function (o) { return Object.keys(o).map(function (k) { return o[k]; }); };
        return ok({ total: r.length, accounts: vals(acc), people: [], kinds: vals(kinds), years: vals(years) }); },
      MatchedWords: function (q) { return ok(words(q)); },
      Suggest: function (prefix) { return ok(accounts.filter(function (a) { return match(a.name, prefix); }).slice(0, 5).map(function (a) {
        return { id: a.id, kind: 'account', name: a.name, detail: a.domains.join(', ') }; })); },
    },
  } };
  function words(q) { return (q || '').split(/\s+/).filter(function (w) { return w && w.indexOf(':') < 0 && w[0] !== '-' && w !== 'OR'; }); }
  function esc(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
  function marked(s, ws) { var out = esc(s); ws.forEach(function (w) { out = out.replace(new RegExp('\\b(' + w.replace(/[^\w]/g, '') + ')\\b', 'gi'), '<mark>$1</mark>'); }); return out; }
  function mockSearch(q) {
    var ws = words(q.query); if (!ws.length) return [];
    var all = []; Object.keys(timelines).forEach(function (k) { if (!q.accountId || q.accountId === k) all = all.concat(timelines[k]); });
    return all.filter(function (t) { var text = (t.title + ' ' + t.snippet).toLowerCase(); return ws.every(function (w) { return text.indexOf(w.toLowerCase()) >= 0; }); })
      .map(function (t) { return { id: t.id, kind: t.kind, title: marked(t.title, ws), snippet: marked(t.snippet, ws), date: t.at, accountId: t.accountId,
        accountName: t.accountName, threadId: t.kind === 'email' ? t.id : '', from: (t.people || [])[0] || '', capped: false }; });
  }
  window.runtime = { EventsOnMultiple: function (n, cb) { (listeners[n] = listeners[n] || []).push(cb);
    return function () { listeners[n] = listeners[n].filter(function (x) { return x !== cb; }); }; } };
})();
