// Tag rules: "when an article matches QUERY, add these tags / mark it read / star it".
// This file checks a new rule and applies a rule's actions to one article's state; finding
// the articles a query matches is the search part's job.

import { TidingsError } from '../errors.js';
import type { TagRule } from '../model/index.js';
import { parseQuery } from '../search/index.js';
import { normalizeTag, withTags } from './normalize.js';

export interface RuleInput {
  name?: string;
  query: string;
  addTags?: string[];
  markRead?: boolean;
  star?: boolean;
}

/** The part of an article a rule may change. */
export interface RuleState {
  tags: string[];
  read: boolean;
  starred: boolean;
}

export function makeRule(input: RuleInput, id: string, now: string): TagRule {
  const query = typeof input.query === 'string' ? input.query.trim() : '';
  if (query === '') throw new TidingsError('rules', null, 'a rule needs a query', 'invalid');
  parseQuery(query); // throws a clear 'invalid' error for a malformed query
  const addTags = (input.addTags ?? []).map(normalizeTag);
  const markRead = input.markRead === true;
  const star = input.star === true;
  if (addTags.length === 0 && !markRead && !star) {
    throw new TidingsError('rules', query, 'a rule must add tags, mark read or star', 'invalid');
  }
  const name = input.name?.trim() || query;
  return { id, name, query, addTags, markRead, star, createdAt: now };
}

/** The state after the rule acted, or null when it changes nothing. */
export function applyRule(rule: TagRule, state: RuleState): RuleState | null {
  const tags = withTags(state.tags, rule.addTags) ?? state.tags;
  const read = state.read || rule.markRead;
  const starred = state.starred || rule.star;
  if (tags === state.tags && read === state.read && starred === state.starred) return null;
  return { tags, read, starred };
}
