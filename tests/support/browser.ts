import chromium from '@sparticuz/chromium';
import { chromium as playwright, type Browser, type Page } from 'playwright-core';
import AxeBuilder from '@axe-core/playwright';

/**
 * Two of its serverless defaults are left out. It runs Chromium as a single process, which ends
 * with the first closed context; a test suite opens one context per person. And it draws with
 * OpenGL emulated in software (SwiftShader): in the web tests that was 60 of Chromium's CPU-seconds
 * against 49 with plain software compositing (`--disable-gpu`), the same pages and axe results.
 */
const SINGLE_PROCESS_AND_SOFTWARE_GL = new Set([
  '--single-process',
  '--in-process-gpu',
  '--ignore-gpu-blocklist',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

/**
 * A real headless Chromium that `npm ci` installs (@sparticuz/chromium ships it inside the
 * package), driven by playwright-core: nothing from Debian, no download.
 */
export async function launchBrowser(): Promise<Browser> {
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [
      ...chromium.args.filter((a) => !SINGLE_PROCESS_AND_SOFTWARE_GL.has(a)),
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
    headless: true,
  });
}

/** Logs in on the web pages the way a person does: the start page, the realm's login page, back. */
export async function loginAs(page: Page, webUrl: string, displayName: string): Promise<void> {
  await page.goto(`${webUrl}/login`);
  await page.getByRole('button', { name: displayName, exact: true }).click();
  await page.waitForURL((url) => url.href.startsWith(webUrl) && !url.pathname.startsWith('/callback'));
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** The WCAG 2.0 and 2.1 A and AA rules of axe-core on the page as it is now. */
export async function wcagViolations(page: Page): Promise<AxeViolation[]> {
  // Run in the page itself (axe's "legacy mode"): its default opens a blank page per check to
  // merge the results of cross-origin frames, which the plein's pages do not have — twice the
  // time (1.2–1.5 s vs 0.6 s a check, 27 checks in the web tests), the same rules and results.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).setLegacyMode(true).analyze();
  return result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.length }));
}
