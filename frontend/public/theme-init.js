// Sets the colour scheme before the app renders, so a dark-theme user never
// sees a white flash. An external file because the page's CSP forbids
// inline scripts. Mirrors the key in src/theme.ts.
(function () {
  var saved = null;
  try {
    saved = window.localStorage.getItem('parley-color-scheme');
  } catch (e) {
    /* storage may be disabled */
  }
  var scheme = saved === 'light' || saved === 'dark' ? saved : null;
  if (!scheme) scheme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.setAttribute('data-mantine-color-scheme', scheme);
})();
