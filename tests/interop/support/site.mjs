// The web app (web/, served by Marquee from /) in headless Chromium: pages opened in fresh
// browser contexts with their console kept, screenshots saved as artefacts, and axe-core
// run on a page. Marquee serves build/<flavour>/web beside its binary (scripts/build).
import AxeBuilder from '@axe-core/playwright';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const interopDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
// Where screenshots go: MARQUEE_ARTIFACTS, else tests/interop/artifacts (git-ignored).
export const ARTIFACTS = path.resolve(process.env.MARQUEE_ARTIFACTS || path.join(interopDir, 'artifacts'), 'web');

export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 360, height: 740 };

// A page in its own context (its own cookies), recording console errors and page errors.
export async function openPage(t, browser, { viewport = DESKTOP, colorScheme = 'light', name = 'page' } = {}) {
  const context = await browser.newContext({ viewport, colorScheme });
  t.after(() => context.close().catch(() => {}));
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`${name} pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`${name} console.error: ${m.text()}`);
  });
  return page;
}

export async function screenshot(page, name) {
  await fs.mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

// axe-core's serious and critical violations on the page, as readable lines.
export async function seriousViolations(page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')})`);
}

export async function setTheme(page, theme) {
  await page.evaluate((value) => {
    localStorage.setItem('theme', value);
    document.documentElement.dataset.theme = value;
  }, theme);
}
