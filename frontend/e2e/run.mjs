// Browser end-to-end test: starts `parley serve --demo` on a fresh data
// folder, drives every screen in Debian's Chromium, saves a screenshot of
// each, and prints "N passed, M failed".
//
//   PARLEY_BIN     the parley CLI (default ../build/bin/parley)
//   PARLEY_SHOTS   where screenshots go (default /tmp/parley-shots)
//   CHROMIUM       browser binary (default /usr/bin/chromium)
//   PARLEY_E2E_MOCK=1  serve dist/ with an in-page stand-in backend instead
//                  of the real binary (for working on the UI alone)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(process.env.PARLEY_BIN || join(here, '../../build/bin/parley'));
const shots = resolve(process.env.PARLEY_SHOTS || '/tmp/parley-shots');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const mock = process.env.PARLEY_E2E_MOCK === '1';
const stepTimeout = 15_000;

mkdirSync(shots, { recursive: true });
// Failure shots from an earlier run would mislead.
for (const f of readdirSync(shots)) if (/^FAILED-.*\.png$/.test(f)) rmSync(join(shots, f));

const results = [];
let page;
const pageErrors = [];

function log(line) {
  process.stdout.write(line + '\n');
}

async function shot(name) {
  try {
    await page.screenshot({ path: join(shots, `${name}.png`) });
  } catch (e) {
    log(`  (screenshot ${name} failed: ${e.message})`);
  }
}

async function step(name, fn) {
  const started = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    log(`FAIL ${name}: ${(e && e.message ? e.message : String(e)).split('\n')[0]}`);
    await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    // Close whatever dialog the failed step left open so later steps start clean.
    await page.keyboard.press('Escape').catch(() => {});
    await page.keyboard.press('Escape').catch(() => {});
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// --- the server under test -------------------------------------------------

async function startParley() {
  check(existsSync(bin), `PARLEY_BIN ${bin} does not exist: build it with 'make build-cli'`);
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
  const child = spawn(bin, ['serve', '--demo', '--data', dataDir, '--addr', '127.0.0.1:0'], {
    env: { ...process.env, PARLEY_PASSPHRASE: 'e2e-pass' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley serve printed nothing in 60 s; stderr: ${stderr}`)), 60_000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const m = /^serving (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line.trim());
      if (m) resolveUrl(m[1]);
      else reject(new Error(`unexpected first line from parley serve: ${line}`));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parley serve exited with ${code}: ${stderr}`));
    });
  });
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
          r();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop };
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png' };

async function startMock() {
  const dist = join(here, '../dist');
  check(existsSync(join(dist, 'index.html')), 'dist/index.html is missing: run npm run build first');
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = join(dist, path === '/' ? 'index.html' : path);
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] || 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/`;
  return { url, stop: async () => new Promise((r) => server.close(r)) };
}

// --- the scenario ----------------------------------------------------------

const nav = (label) => page.getByRole('navigation', { name: 'Screens' }).getByText(label, { exact: true });

async function screenshotEveryScreen(suffix, ctx) {
  await nav('Today').click();
  await page.getByTestId('timeline-item').first().waitFor({ timeout: stepTimeout });
  await shot(`today-${suffix}`);
  await nav('Accounts').click();
  await page.getByTestId('accounts-table').waitFor({ timeout: stepTimeout });
  await shot(`accounts-${suffix}`);
  if (ctx.accountHash) {
    await page.evaluate((h) => (window.location.hash = h), ctx.accountHash);
    await page.getByTestId('people').waitFor({ timeout: stepTimeout });
    await shot(`account-${suffix}`);
  }
  if (ctx.threadHash) {
    await page.evaluate((h) => (window.location.hash = h), ctx.threadHash);
    await page.getByTestId('message').first().waitFor({ timeout: stepTimeout });
    await shot(`thread-${suffix}`);
  }
  await nav('Search').click();
  await page.getByTestId('search-input').fill(mock ? 'order' : 'renewal');
  await page.getByTestId('search-group').first().waitFor({ timeout: stepTimeout });
  await page.waitForTimeout(300);
  await shot(`search-${suffix}`);
  await page.keyboard.press('Control+K');
  const input = page.getByPlaceholder(/Go to a screen, an account/);
  await input.pressSequentially(mock ? 'order' : 'calibration certificates', { delay: 20 });
  await page.getByTestId('palette-hit').first().waitFor({ timeout: stepTimeout });
  await page.waitForTimeout(300);
  await shot(`palette-search-${suffix}`);
  await page.keyboard.press('Escape');
  if (ctx.searchThreadHash) {
    await page.evaluate((h) => (window.location.hash = h), ctx.searchThreadHash);
    await page.locator('[data-testid="message"][data-target]').waitFor({ timeout: stepTimeout });
    await page.waitForTimeout(300);
    await shot(`thread-search-${suffix}`);
  }
  if (ctx.searchAccountHash) {
    await page.evaluate((h) => (window.location.hash = h), ctx.searchAccountHash);
    await page.getByTestId('account-search').fill('renewal');
    await page.getByTestId('account-search-results').getByTestId('search-hit').first().waitFor({ timeout: stepTimeout });
    await shot(`account-search-${suffix}`);
  }
  await nav('Settings').click();
  await page.getByTestId('data-dir').waitFor({ timeout: stepTimeout });
  await shot(`settings-${suffix}`);
}

async function main() {
  let server;
  let browser;
  const ctx = {};
  try {
    server = mock ? await startMock() : await startParley();
    log(`# ${mock ? 'mock backend' : bin} at ${server.url.replace(/token=\S+/, 'token=...')}`);
    log(`# screenshots in ${shots}`);
    browser = await chromium.launch({
      executablePath: browserPath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, colorScheme: 'light' });
    if (mock) await context.addInitScript({ path: join(here, 'mock-backend.js') });
    page = await context.newPage();
    page.setDefaultTimeout(stepTimeout);
    page.on('pageerror', (e) => pageErrors.push(e.message));

    await step('the app opens (first run offers the demo)', async () => {
      await page.goto(server.url);
      const first = page.getByTestId('first-run');
      const today = page.getByTestId('screen-today');
      await first.or(today).first().waitFor();
      if (await first.isVisible()) {
        await shot('first-run-light');
        await page.getByRole('button', { name: 'Explore the demo mailbox' }).click();
      }
      await today.waitFor();
    });

    await step('Today shows conversations', async () => {
      const items = page.getByTestId('timeline-item');
      // The demo mailbox loads in the background; the list fills as it does.
      await items.first().waitFor({ timeout: 120_000 });
      check((await items.count()) >= 3, `only ${await items.count()} items on Today`);
      const text = await items.first().innerText();
      check(text.trim().length > 10, 'first conversation has no text');
      await page.getByTestId('import-panel').waitFor();
      await page.getByTestId('status-bar').getByText(/accounts/).waitFor();
      await shot('today-light');
    });

    await step('a conversation opens from Today', async () => {
      await page.locator('a[data-testid="timeline-item"]').first().click();
      await page.getByTestId('message').first().waitFor();
      check(/#\/threads\//.test(page.url()), `url is ${page.url()}`);
      await page.keyboard.press('Escape');
      await page.getByTestId('screen-today').waitFor();
    });

    await step('Accounts lists accounts', async () => {
      await nav('Accounts').click();
      const rows = page.getByTestId('accounts-table').locator('tbody tr');
      await rows.first().waitFor();
      ctx.accountCount = await rows.count();
      check(ctx.accountCount >= 2, `only ${ctx.accountCount} accounts`);
      ctx.firstAccount = (await rows.first().locator('a').first().innerText()).trim();
      ctx.otherAccount = (await rows.nth(1).locator('a').first().innerText()).trim();
      ctx.searchWord = ctx.firstAccount.split(/\s+/)[0].slice(0, 5);
      await shot('accounts-light');
    });

    await step('the accounts filter narrows the list', async () => {
      await page.getByTestId('accounts-filter').fill(ctx.otherAccount);
      const rows = page.getByTestId('accounts-table').locator('tbody tr');
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="accounts-table"] tbody tr').length < n,
        ctx.accountCount,
        { timeout: stepTimeout },
      );
      check((await rows.first().innerText()).includes(ctx.otherAccount), 'filtered list does not show the account');
      await page.getByTestId('accounts-filter').fill('');
    });

    await step('an account shows its people and timeline', async () => {
      await page.getByTestId('accounts-table').getByRole('link', { name: ctx.firstAccount, exact: true }).click();
      await page.getByRole('heading', { name: ctx.firstAccount }).waitFor();
      ctx.accountHash = new URL(page.url()).hash;
      const people = page.getByTestId('people');
      await people.waitFor();
      check((await people.innerText()).trim().length > 0, 'no people listed');
      const items = page.getByTestId('timeline').getByTestId('timeline-item');
      check((await items.count()) >= 1, 'timeline is empty');
      await shot('account-light');
    });

    await step('a thread shows its messages', async () => {
      await page.getByTestId('timeline').locator('a[data-kind="email"]').first().click();
      const msg = page.getByTestId('message').first();
      await msg.waitFor();
      ctx.threadHash = new URL(page.url()).hash;
      const text = await msg.innerText();
      check(/@|\w+ \w+/.test(text), 'message has no sender');
      const heading = await page.getByRole('heading').first().innerText();
      check(heading.trim().length > 0, 'thread has no subject');
      await shot('thread-light');
    });

    const note = `E2E visit note ${Date.now().toString(36)}`;
    await step('quick capture saves a note that appears on the account timeline', async () => {
      await page.evaluate((h) => (window.location.hash = h), ctx.accountHash);
      await page.getByTestId('people').waitFor();
      await page.keyboard.press('n');
      const dialog = page.getByRole('dialog');
      await dialog.waitFor();
      // Tag the first person at the account, as a rep would.
      const picker = dialog.getByTestId('capture-people');
      if (await picker.isEnabled()) {
        await picker.click();
        await page.getByRole('option').first().click();
        await page.keyboard.press('Escape'); // closes the dropdown, not the dialog
      }
      const body = dialog.getByTestId('capture-body');
      await body.fill(note);
      await page.waitForTimeout(400); // let the dialog finish fading in
      await shot('capture-light');
      await body.press('Control+Enter');
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('timeline').getByText(note).first().waitFor();
    });

    await step('Ctrl+K palette opens and jumps to an account', async () => {
      await nav('Today').click();
      await page.getByTestId('screen-today').waitFor();
      await page.keyboard.press('Control+K');
      const input = page.getByPlaceholder(/Go to a screen, an account/);
      await input.waitFor();
      await input.fill(ctx.otherAccount);
      await page.getByRole('button', { name: new RegExp(ctx.otherAccount.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().waitFor();
      await page.waitForTimeout(300);
      await shot('palette-light');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: ctx.otherAccount }).waitFor();
    });

    await step('screens switch with Alt+digit', async () => {
      await page.keyboard.press('Alt+2');
      await page.getByTestId('screen-accounts').waitFor();
      await page.keyboard.press('Alt+1');
      await page.getByTestId('screen-today').waitFor();
    });

    // The search steps need the real index and the demo mailbox's words.
    if (!mock) await step('the palette shows full-text results as you type', async () => {
      await nav('Today').click();
      await page.keyboard.press('Control+K');
      const input = page.getByPlaceholder(/Go to a screen, an account/);
      await input.waitFor();
      await input.pressSequentially('calibration certificates', { delay: 25 });
      const hit = page.getByTestId('palette-hit').first();
      await hit.waitFor();
      check((await hit.locator('mark').count()) > 0, 'palette hit has no <mark>');
      check(/calibration/i.test(await hit.innerText()), `palette hit reads ${await hit.innerText()}`);
      await page.waitForTimeout(300);
      await shot('palette-search-light');
      // Typeahead: names come first.
      await input.fill('');
      await input.pressSequentially('Globex', { delay: 25 });
      await page.getByTestId('palette-suggestion').first().waitFor();
      const first = page.locator('[data-action]').first();
      check((await first.getAttribute('data-testid')) === 'palette-suggestion', 'the first entry is not a name suggestion');
      await page.waitForTimeout(200);
      await shot('palette-typeahead-light');
      // Enter opens the best result: a thread, at the message, highlighted.
      await input.fill('"calibration certificates"');
      await page.waitForFunction(() => {
        const first = document.querySelector('[data-action]');
        return first && first.getAttribute('data-testid') === 'palette-hit' && first.hasAttribute('data-selected');
      });
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="message"][data-target]').waitFor();
      check((await page.getByTestId('body-mark').count()) > 0, 'no highlighted words in the thread');
    });

    if (!mock) await step('the results page groups hits by account with highlights', async () => {
      await nav('Search').click();
      await page.getByTestId('search-input').fill('quote OR renewal');
      const groups = page.getByTestId('search-group');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-group"]').length > 1);
      ctx.groupCount = await groups.count();
      const marks = await page.getByTestId('search-results').locator('mark').count();
      check(marks > 0, 'no <mark> in results');
      check(/Globex/.test(await page.getByTestId('search-results').innerText()), 'no Globex group for quote OR renewal');
      ctx.total = (await page.getByTestId('search-total').innerText()).trim();
      check(/\d+ results?/.test(ctx.total), `total reads ${ctx.total}`);
      await page.getByTestId('facet-accounts').waitFor();
      await shot('search-light');
      await page.getByTestId('query-help').click();
      await page.getByText(/no prefix or fuzzy search/).waitFor();
      await page.waitForTimeout(250);
      await shot('search-help-light');
      await page.keyboard.press('Escape');
    });

    if (!mock) await step('a facet narrows the results', async () => {
      const facet = page.getByTestId('facet-accounts').getByRole('button').first();
      const label = (await facet.innerText()).split('\n')[0].trim();
      await facet.click();
      await page.waitForFunction(() => /account:/.test(document.querySelector('[data-testid="search-input"]').value));
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="search-group"]').length === 1);
      const name = (await page.getByTestId('search-group-name').innerText()).trim();
      check(name === label, `facet ${label} left group ${name}`);
      await page.waitForTimeout(200);
      await shot('search-facet-light');
    });

    if (!mock) await step('the keyboard opens a hit in its thread with the words highlighted', async () => {
      await page.getByTestId('search-input').fill('renewal proposal');
      await page.waitForFunction(() => document.querySelector('[data-testid="search-input"]').value === 'renewal proposal');
      // The facet step's results stay on screen until the new query answers:
      // wait for hits of this query, or the keys below move through old ones.
      const mailHit = 'a[data-testid="search-hit"][href*="#/threads/"][href*="q=renewal+proposal"]';
      await page.locator(mailHit).first().waitFor();
      await page.locator('body').click({ position: { x: 5, y: 400 } });
      await page.keyboard.press('/');
      check(await page.getByTestId('search-input').evaluate((el) => el === document.activeElement), '/ did not focus the box');
      // Move down to the first mail hit, one key at a time, reading the
      // selected row after each (a demo message arriving may insert a row).
      await page.getByTestId('search-input').focus();
      const active = page.locator('[data-testid="search-hit"][data-active]');
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('ArrowDown');
        await active.waitFor();
        if (((await active.getAttribute('href')) || '').includes('#/threads/')) break;
      }
      await page.locator('a[data-testid="search-hit"][data-active][href*="#/threads/"]').waitFor();
      await shot('search-keys-light');
      await page.keyboard.press('Enter');
      const target = page.locator('[data-testid="message"][data-target]');
      await target.waitFor();
      check(/[?&]m=/.test(page.url()) && /[?&]q=/.test(page.url()), `thread url ${page.url()}`);
      check((await page.getByTestId('body-mark').count()) > 0, 'no highlighted words in the thread');
      ctx.searchThreadHash = new URL(page.url()).hash;
      await page.waitForTimeout(300);
      await shot('thread-search-light');
    });

    if (!mock) await step('search inside an account shows hits inline', async () => {
      await page.getByTestId('thread-account').click();
      await page.getByTestId('people').waitFor();
      ctx.searchAccountHash = new URL(page.url()).hash;
      await page.getByTestId('account-search').fill('renewal');
      const box = page.getByTestId('account-search-results');
      await box.getByTestId('search-hit').first().waitFor();
      check((await box.locator('mark').count()) > 0, 'no <mark> in account results');
      await shot('account-search-light');
    });

    await step('Settings shows the workspace', async () => {
      await nav('Settings').click();
      const dir = await page.getByTestId('data-dir').innerText();
      check(dir.includes('/'), `data folder reads "${dir}"`);
      await page.getByTestId('section-mail-accounts').waitFor();
      await shot('settings-light');
    });

    if (!mock) {
      await step('Settings shows the demo mail account and the import reaches "Up to date"', async () => {
        await nav('Settings').click();
        const acct = page.getByTestId('mail-account').first();
        await acct.waitFor();
        const text = await acct.innerText();
        check(/Demo mailbox/.test(text), `mail account reads "${text}"`);
        await page.getByTestId('demo-note').waitFor();
        const panel = page.locator('[data-testid="import-panel"][data-phase="live"]');
        await panel.waitFor({ timeout: 120_000 });
        const p = await panel.innerText();
        check(/Up to date/.test(p), `import panel reads "${p}"`);
        const m = /([\d,]+) of ([\d,]+) messages/.exec(p.replace(/\s+/g, ' '));
        check(m && m[1] === m[2] && m[1] !== '0', `import numbers read "${m && m[0]}"`);
        check((await panel.getByTestId('import-folder').count()) >= 1, 'no per-folder counts');
        await shot('settings-import-light');
      });

      await step('the left-out list shows reasons and filters by them', async () => {
        const rows = page.getByTestId('leftout-row');
        await rows.first().waitFor();
        const reasons = await page.getByTestId('leftout-reason').allInnerTexts();
        check(reasons.length > 0 && reasons.every((r) => /^[A-Z][a-z]/.test(r.trim())), `reasons read ${JSON.stringify(reasons.slice(0, 5))}`);
        const filter = page.getByTestId('leftout-filter');
        const options = await filter.locator('option').evaluateAll((os) => os.map((o) => o.value));
        check(options.length >= 2, `filter offers ${JSON.stringify(options)}`);
        await filter.selectOption(options[1]);
        const shown = await page.getByTestId('leftout-reason').allInnerTexts();
        check(shown.length > 0 && new Set(shown).size === 1, `filtered reasons ${JSON.stringify([...new Set(shown)])}`);
        await filter.selectOption('');
        await page.getByTestId('section-left-out').scrollIntoViewIfNeeded();
        await shot('settings-left-out-light');
      });

      await step('testing a mail account with a wrong password says what is wrong in plain words', async () => {
        const line = await page.getByTestId('mail-account-server').first().innerText();
        const hp = /([a-z0-9.-]+):(\d+)/i.exec(line);
        check(hp, `no host:port in "${line}"`);
        await page.getByRole('button', { name: 'Add mail account' }).click();
        const form = page.getByTestId('add-account-form');
        await form.locator('[data-field="email"]').fill('sam@northwind-demo.test');
        await form.locator('[data-field="host"]').fill(hp[1]);
        await form.locator('[data-field="port"]').fill(hp[2]);
        await form.locator('[data-field="secret"]').fill('not-the-password');
        await form.getByRole('button', { name: 'Test connection' }).click();
        const result = form.getByTestId('connection-result');
        await result.waitFor({ timeout: 45_000 });
        const msg = (await result.innerText()).trim();
        check((await result.getAttribute('data-ok')) === 'false', `the test passed: ${msg}`);
        check(/Connection failed/.test(msg) && /mail server/i.test(msg), `result reads "${msg}"`);
        check(!/(tls:|x509|dial tcp|EOF|i\/o timeout|imap:)/i.test(msg), `not plain words: "${msg}"`);
        await shot('settings-add-account-light');
        await form.getByRole('button', { name: 'Cancel' }).click();
        await form.waitFor({ state: 'detached' });
      });
    }

    await step('dark theme toggles and persists', async () => {
      await page.getByTestId('theme-toggle').click();
      await page.waitForFunction(() => document.documentElement.dataset.mantineColorScheme === 'dark');
      await page.reload();
      await page.getByTestId('status-bar').waitFor();
      const scheme = await page.evaluate(() => document.documentElement.dataset.mantineColorScheme);
      check(scheme === 'dark', `after reload the theme is ${scheme}`);
      await screenshotEveryScreen('dark', ctx);
    });

    if (mock) {
      await step('a long timeline is windowed and scrolls to its oldest item (stand-in backend)', async () => {
        await page.evaluate(() => (window.location.hash = '#/accounts/acc-7'));
        const tl = page.locator('[data-testid="timeline"][data-windowed="true"]');
        await tl.waitFor();
        const rendered = await tl.getByTestId('timeline-item').count();
        check(rendered < 60, `windowed timeline rendered ${rendered} rows`);
        await tl.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        await tl.getByText('Weekly order 1259').waitFor();
        await shot('account-long-dark');
      });

      await step('locked screen takes the passphrase (stand-in backend)', async () => {
        await page.goto(server.url + '?mock=locked');
        const locked = page.getByTestId('locked');
        await locked.waitFor();
        await shot('locked-dark');
        await page.getByTestId('passphrase').fill('not-it');
        await page.keyboard.press('Enter');
        await locked.getByText(/wrong passphrase/i).waitFor();
        await page.getByTestId('passphrase').fill('e2e-pass');
        await page.keyboard.press('Enter');
        await page.getByTestId('status-bar').waitFor();
      });
    }

    await step('the page raised no script errors', async () => {
      check(pageErrors.length === 0, pageErrors.join(' | '));
    });
  } catch (e) {
    results.push({ name: 'setup', ok: false });
    log(`FAIL setup: ${e.message}`);
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop().catch(() => {});
  }
  const failed = results.filter((r) => !r.ok).length;
  log(`${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

await main();
