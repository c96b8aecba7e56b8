import { HOUR_MS } from '../clock.js';
import { shownUrl } from './shown-url.js';
import type { Engine } from '../engine.js';
import { RefusedError } from '../errors.js';
import { sumCounter, VLLM_REQUEST_COUNTER } from './prometheus-text.js';
import { UsageRepo } from './usage-repo.js';

/** A deployment's metrics endpoint and what the last scrape saw. */
export interface ScrapeTarget {
  deploymentId: number;
  url: string;
  lastValue: number | null;
  lastAt: number | null;
  lastError: string | null;
}

/** One scrape's outcome. */
export interface ScrapeResult {
  deploymentId: number;
  ok: boolean;
  requests: number;
  error: string | null;
}

const TIMEOUT_MS = 5000;

/**
 * Optional Prometheus scraping of vLLM's `/metrics`: each scrape reads the
 * request counter and adds the increase since the previous scrape to the
 * current UTC hour. The first scrape only sets the baseline; a counter that
 * went down (the server restarted) counts from zero.
 */
export class UsageScraper {
  constructor(
    private readonly engine: Engine,
    private readonly fetchText: (url: string) => Promise<string> = defaultFetch,
  ) {}

  /** Sets (or replaces) a deployment's metrics URL. */
  setTarget(deploymentId: number, url: string): ScrapeTarget {
    this.engine.deployments.get(deploymentId);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RefusedError('invalid_url', `'${url}' is not a URL, e.g. http://10.0.0.5:8000/metrics`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new RefusedError('invalid_url', 'a metrics URL starts with http:// or https://');
    // fetch() refuses a URL with credentials in it, so such a target could never be scraped: say so now.
    if (parsed.username || parsed.password) {
      throw new RefusedError(
        'invalid_url',
        'a metrics URL cannot carry a user name or password: pass a token as a query value, e.g. http://10.0.0.5:8000/metrics?token=…',
      );
    }
    this.engine.db
      .prepare(
        `INSERT INTO usage_scrape_targets (deployment_id, url) VALUES (?, ?)
        ON CONFLICT (deployment_id) DO UPDATE SET url = excluded.url, last_value = NULL, last_at = NULL, last_error = NULL`,
      )
      .run(deploymentId, parsed.toString());
    return this.targets().find((t) => t.deploymentId === deploymentId)!;
  }

  /** Removes a deployment's metrics URL; true when there was one. */
  removeTarget(deploymentId: number): boolean {
    return this.engine.db.prepare('DELETE FROM usage_scrape_targets WHERE deployment_id = ?').run(deploymentId).changes > 0;
  }

  /** Every configured target. */
  targets(): ScrapeTarget[] {
    return this.engine.db
      .prepare(
        'SELECT deployment_id AS deploymentId, url, last_value AS lastValue, last_at AS lastAt, last_error AS lastError FROM usage_scrape_targets ORDER BY deployment_id',
      )
      .all() as ScrapeTarget[];
  }

  /** Scrapes every target (or one), recording increments; a failing endpoint is reported, not thrown. */
  async scrape(deploymentId?: number): Promise<ScrapeResult[]> {
    const targets = this.targets().filter((t) => deploymentId === undefined || t.deploymentId === deploymentId);
    if (deploymentId !== undefined && targets.length === 0) throw new RefusedError('no_scrape_target', `deployment ${deploymentId} has no metrics URL`);
    const results: ScrapeResult[] = [];
    for (const t of targets) results.push(await this.scrapeOne(t));
    return results;
  }

  private async scrapeOne(t: ScrapeTarget): Promise<ScrapeResult> {
    let value: number | null;
    try {
      value = sumCounter(await this.fetchText(t.url));
      if (value === null) throw new Error(`no ${VLLM_REQUEST_COUNTER} in the metrics`);
    } catch (err) {
      // Every member reads last_error (usage/targets, the synced replica): the URL in it is the shown one, never its secrets.
      const error = (err instanceof Error ? err.message : String(err)).split(t.url).join(shownUrl(t.url));
      this.engine.db.prepare('UPDATE usage_scrape_targets SET last_error = ? WHERE deployment_id = ?').run(error, t.deploymentId);
      return { deploymentId: t.deploymentId, ok: false, requests: 0, error };
    }
    const now = this.engine.now();
    const delta = t.lastValue === null ? null : value >= t.lastValue ? value - t.lastValue : value;
    const requests = delta === null ? 0 : Math.round(delta);
    const recorded = this.engine.db
      .transaction(() => {
        // Compare and set: another process (a second team server, a CLI beside the app) may have recorded a
        // scrape of this target since it was read; that one already counts this increase, so this one adds nothing.
        const cur = this.engine.db
          .prepare('SELECT last_value AS lastValue, last_at AS lastAt FROM usage_scrape_targets WHERE deployment_id = ?')
          .get(t.deploymentId) as Pick<ScrapeTarget, 'lastValue' | 'lastAt'> | undefined;
        if (!cur || cur.lastValue !== t.lastValue || cur.lastAt !== t.lastAt) return false;
        if (delta !== null) new UsageRepo(this.engine.db).add(t.deploymentId, Math.floor(now / HOUR_MS) * HOUR_MS, requests, now);
        this.engine.db
          .prepare('UPDATE usage_scrape_targets SET last_value = ?, last_at = ?, last_error = NULL WHERE deployment_id = ?')
          .run(value, now, t.deploymentId);
        return true;
      })
      .immediate();
    return { deploymentId: t.deploymentId, ok: true, requests: recorded ? requests : 0, error: null };
  }
}

async function defaultFetch(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'text/plain' } });
  if (!res.ok) throw new Error(`${url} answered HTTP ${res.status}`);
  return res.text();
}
