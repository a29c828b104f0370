// The user's settings (checked against the contract's limits) and retention: removing a feed's
// old read items where the feed asks for it, on demand (with a preview) and after its refresh.

import type { ArchiveApi, RetentionResult } from '../api.js';
import { LIMITS } from '../contract/index.js';
import { TidingsError, describeError } from '../errors.js';
import type { Feed, Settings } from '../model/index.js';
import { planRetention } from '../tags/index.js';
import { removeArticles } from './articles.js';
import type { ArchiveContext } from './context.js';

type SettingsPart = Pick<ArchiveApi, 'applyRetention' | 'getSettings' | 'updateSettings'>;

export function createSettingsPart(ctx: ArchiveContext): { api: SettingsPart; retentionFor: (feed: Feed) => Promise<void> } {
  const api: SettingsPart = {
    applyRetention: (options) => applyRetention(ctx, options?.dryRun !== false),

    async getSettings() {
      return { ...ctx.data.settings };
    },

    async updateSettings(patch) {
      const clean = checkSettings(patch);
      ctx.library.change((data) => {
        Object.assign(data.settings, clean);
      });
      ctx.emit({ type: 'changed', what: 'settings' });
      return { ...ctx.data.settings };
    },
  };

  /** A feed's keeping period, after its refresh: a failure becomes a notice, never a lost error. */
  async function retentionFor(feed: Feed): Promise<void> {
    // Most feeds keep everything: then there is nothing to look through (500 feeds refresh at once).
    if (!(typeof feed.retentionDays === 'number' && feed.retentionDays > 0)) return;
    try {
      const ids = planRetention(Object.values(ctx.data.articles), { [feed.id]: feed }, new Date()).flatMap((p) => p.ids);
      if (ids.length > 0) await removeArticles(ctx, ids);
    } catch (error) {
      ctx.emit({ type: 'notice', level: 'error', message: `retention: ${feed.url}: removing old read articles failed: ${describeError(error)}` });
    }
  }

  return { api, retentionFor };
}

/** What retention allows to remove now, per feed; removed unless this is a dry run. */
async function applyRetention(ctx: ArchiveContext, dryRun: boolean): Promise<RetentionResult> {
  const plans = planRetention(Object.values(ctx.data.articles), ctx.data.feeds, new Date());
  const ids = plans.flatMap((p) => p.ids);
  if (!dryRun && ids.length > 0) await removeArticles(ctx, ids);
  return { dryRun, removed: ids.length, perFeed: plans.map((p) => ({ feedId: p.feedId, title: p.title, removed: p.ids.length })) };
}

// The bounds are the contract's (one table, LIMITS): the front door refuses the same values first.
const inRange = (range: { min: number; max: number }) => (v: unknown) => Number.isInteger(v) && (v as number) >= range.min && (v as number) <= range.max;
const SETTING_CHECKS: { [K in keyof Settings]: (v: unknown) => boolean } = {
  refreshMinutes: inRange(LIMITS.settings.refreshMinutes),
  maxConcurrentFetches: inRange(LIMITS.settings.maxConcurrentFetches),
  maxPerHost: inRange(LIMITS.settings.maxPerHost),
  downloadImages: (v) => typeof v === 'boolean',
  downloadEnclosures: (v) => typeof v === 'boolean',
  theme: (v) => v === 'system' || v === 'light' || v === 'dark',
  fontSize: inRange(LIMITS.settings.fontSize),
  waybackLookup: (v) => typeof v === 'boolean',
  waybackUrl: (v) => typeof v === 'string' && isHttpUrl(v),
};

function isHttpUrl(v: string): boolean {
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function checkSettings(patch: unknown): Partial<Settings> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new TidingsError('settings', null, 'expected an object of settings', 'invalid');
  for (const [key, value] of Object.entries(patch)) {
    const check = SETTING_CHECKS[key as keyof Settings];
    if (!check) throw new TidingsError('settings', key, `unknown setting; known: ${Object.keys(SETTING_CHECKS).join(', ')}`, 'invalid');
    if (!check(value)) throw new TidingsError('settings', key, `${JSON.stringify(value)} is not a valid value`, 'invalid');
  }
  return patch as Partial<Settings>;
}
