// Tags: names (normalize), tags across the library (counts, rename, merge, suggestions),
// rules that tag articles matching a query, and retention of old read articles.

export { normalizeTag, tagKey, withTags, withoutTags } from './normalize.js';
export { MAX_TAG_LENGTH } from './normalize.js';
export { countTags, replaceTags, suggestTags, type TagCount } from './library-tags.js';
export { makeRule, applyRule, type RuleInput, type RuleState } from './rules.js';
export { planRetention, mayExpire, type RetentionPlan } from './retention.js';
