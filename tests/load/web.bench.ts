import { gzipSync } from 'node:zlib';
import { launchBrowser, loginAs } from '../support/browser.js';
import type { PleinUnderTest } from '../support/plein.js';
import { percentile } from './percentile.js';

export interface WebFigures {
  scriptGzipBytes: number;
  styleGzipBytes: number;
  renderP50Ms: number;
  renderP99Ms: number;
  rounds: number;
}

/**
 * What the household page costs a caseworker's browser: the JavaScript (and CSS) it loads,
 * gzipped, and the time from navigation to the page loaded in headless Chromium, measured
 * after one warm-up view, through the whole plein (web app → gateway → every agency).
 */
export async function measureWeb(plein: PleinUnderTest, rounds = 20): Promise<WebFigures> {
  const browser = await launchBrowser();
  try {
    const page = await (await browser.newContext()).newPage();
    const web = plein.manifest.webUrl;
    await loginAs(page, web, 'Sanne de Wit');
    const url = `${web}/huishoudens/${plein.manifest.population.demoHouseholdId}?doel=schuldhulpverlening`;
    await page.goto(url, { waitUntil: 'load' });
    // What the page loads, fetched again and gzipped as a server would send it.
    const size = async (selector: string, attribute: string) => {
      let bytes = 0;
      for (const src of await page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a as string) ?? ''), attribute))
        bytes += gzipSync(await (await page.request.get(new URL(src, web).href)).body()).length;
      return bytes;
    };
    const scriptGzipBytes = await size('script[src]', 'src');
    const styleGzipBytes = await size('link[rel="stylesheet"]', 'href');
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const started = performance.now();
      await page.goto(url, { waitUntil: 'load' });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return {
      scriptGzipBytes,
      styleGzipBytes,
      renderP50Ms: percentile(times, 0.5),
      renderP99Ms: percentile(times, 0.99),
      rounds,
    };
  } finally {
    await browser.close();
  }
}
