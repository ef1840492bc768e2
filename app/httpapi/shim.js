// Parley's browser shim: gives the unchanged frontend the window.go and
// window.runtime objects the Wails desktop shell provides, over HTTP.
(function () {
  if (window.go && window.go.app) return; // inside the desktop shell
  function call(service, method, args) {
    return fetch('/api/call/' + service + '/' + method, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify(args),
    }).then(function (res) {
      return res.json().then(function (body) {
        if (body && typeof body.error === 'string') throw body.error;
        if (!res.ok) throw 'Parley answered ' + res.status;
        return body.result;
      });
    }, function () {
      throw 'Parley is not running any more: start it again.';
    });
  }
  var services = {};
  var xhr = new XMLHttpRequest();
  xhr.open('GET', '/api/methods', false); // before the app's module runs
  xhr.send();
  if (xhr.status === 200) {
    var names = JSON.parse(xhr.responseText);
    Object.keys(names).forEach(function (svc) {
      services[svc] = {};
      names[svc].forEach(function (m) {
        services[svc][m] = function () { return call(svc, m, Array.prototype.slice.call(arguments)); };
      });
    });
  }
  window.go = { app: services };

  var listeners = {};
  function dispatch(name, payload) {
    (listeners[name] || []).slice().forEach(function (l) {
      l.cb(payload);
      if (l.max > 0 && --l.max === 0) off(name, l);
    });
  }
  function off(name, l) {
    listeners[name] = (listeners[name] || []).filter(function (x) { return x !== l; });
  }
  function on(name, cb, max) {
    var l = { cb: cb, max: max || -1 };
    (listeners[name] = listeners[name] || []).push(l);
    return function () { off(name, l); };
  }
  var source = new EventSource('/api/events');
  source.onmessage = function (e) {
    var ev = JSON.parse(e.data);
    dispatch(ev.name, ev.payload);
  };
  var noop = function () {};
  window.runtime = {
    EventsOnMultiple: on,
    EventsOn: function (n, cb) { return on(n, cb, -1); },
    EventsOnce: function (n, cb) { return on(n, cb, 1); },
    EventsOff: function (n) { delete listeners[n]; },
    EventsOffAll: function () { listeners = {}; },
    EventsEmit: function (n) { dispatch(n, Array.prototype.slice.call(arguments, 1)[0]); },
    LogPrint: noop, LogTrace: noop, LogDebug: noop, LogInfo: noop, LogWarning: noop, LogError: noop, LogFatal: noop,
    WindowSetTitle: function (t) { document.title = t; },
    WindowReload: function () { location.reload(); },
    BrowserOpenURL: function (u) { window.open(u, '_blank', 'noopener'); },
    Environment: function () { return Promise.resolve({ buildType: 'serve', platform: 'browser', arch: '' }); },
    Quit: noop, Hide: noop, Show: noop,
    WindowSetDarkTheme: noop, WindowSetLightTheme: noop, WindowSetSystemDefaultTheme: noop,
    ClipboardGetText: function () { return navigator.clipboard.readText(); },
    ClipboardSetText: function (t) { return navigator.clipboard.writeText(t).then(function () { return true; }); },
  };
})();
