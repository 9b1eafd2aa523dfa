import { SYNC_ITEM_MAX_BYTES, syncItemBytes } from '../../lib/settings';

/**
 * The longest site list the browsers sync: distinct sites (none covering another) whose stored
 * item is exactly SYNC_ITEM_MAX_BYTES bytes, so one more site, however short, is one too many.
 */
export function fullSiteList(): string[] {
  const sites: string[] = [];
  const name = (i: number) => `site${i}.example`;
  while (syncItemBytes('sites', [...sites, name(sites.length)]) <= SYNC_ITEM_MAX_BYTES) sites.push(name(sites.length));
  // Lengthen the last name to take up the bytes left over.
  const spare = SYNC_ITEM_MAX_BYTES - syncItemBytes('sites', sites);
  const last = sites.length - 1;
  sites[last] = `site${last}${'x'.repeat(spare)}.example`;
  if (syncItemBytes('sites', sites) !== SYNC_ITEM_MAX_BYTES) throw new Error('fullSiteList: not exactly full');
  return sites;
}

/** A site that is not in fullSiteList() and is not covered by any of its entries. */
export const ONE_MORE_SITE = 'one-more.example';
