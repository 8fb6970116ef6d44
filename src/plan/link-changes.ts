import { linkEnds, linkKey, type LinkEntity } from './entities.js';

export const LINK_ACTIONS = ['create', 'reactivate', 'remove'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/**
 * Links that change in one way, as pairs of positions into their two ends' key lists: a
 * first load plans a million enrollments as 8 MB of pairs rather than a million objects,
 * and the writer turns positions into ids once per record, not once per link.
 */
export class LinkChanges {
  pairs = new Int32Array(64);
  count = 0;

  /** Positions index `aKeys` and `bKeys`; with no lists given, each added link brings its own keys. */
  constructor(
    readonly aKeys: string[] = [],
    readonly bKeys: string[] = [],
  ) {}

  add(a: number, b: number): void {
    if (this.count * 2 + 2 > this.pairs.length) {
      const wider = new Int32Array(this.pairs.length * 2);
      wider.set(this.pairs);
      this.pairs = wider;
    }
    this.pairs[this.count * 2] = a;
    this.pairs[this.count * 2 + 1] = b;
    this.count++;
  }

  /** Adds a link by its ends' keys (a list built this way holds one key of each end per link). */
  addKeys(aKey: string, bKey: string): void {
    this.aKeys.push(aKey);
    this.bKeys.push(bKey);
    this.add(this.aKeys.length - 1, this.bKeys.length - 1);
  }

  aKey(i: number): string {
    return this.aKeys[this.pairs[i * 2]];
  }

  bKey(i: number): string {
    return this.bKeys[this.pairs[i * 2 + 1]];
  }

  /** Link i's key, as the JSON plan and the change log write it. */
  key(i: number): string {
    return linkKey(this.aKey(i), this.bKey(i));
  }
}

export type LinkPlan = Record<LinkAction, LinkChanges>;

export function emptyLinkPlan(aKeys?: string[], bKeys?: string[]): LinkPlan {
  return {
    create: new LinkChanges(aKeys, bKeys),
    reactivate: new LinkChanges(aKeys, bKeys),
    remove: new LinkChanges(),
  };
}

/** A link plan from link keys (a saved plan's changes). */
export function linkPlanOf(entity: LinkEntity, changes: readonly { action: string; key: string }[]): LinkPlan {
  const plan = emptyLinkPlan();
  for (const c of changes) {
    if (c.action !== 'create' && c.action !== 'reactivate' && c.action !== 'remove') continue;
    const [a, b] = linkEnds(entity, c.key);
    plan[c.action].addKeys(a, b);
  }
  return plan;
}

/**
 * Links grouped by their owner end (the `a` key), owners in first-seen order: group g's
 * links are members[starts[g]] up to members[starts[g + 1]]. The change log writes one entry per group.
 */
export function groupByOwner(links: LinkChanges): { owners: string[]; members: Int32Array; starts: Int32Array } {
  const order = new Map<string, number>();
  const owners: string[] = [];
  const sizes: number[] = [];
  const groupOf = new Int32Array(links.count);
  for (let i = 0; i < links.count; i++) {
    const a = links.aKey(i);
    let g = order.get(a);
    if (g === undefined) {
      g = owners.length;
      order.set(a, g);
      owners.push(a);
      sizes.push(0);
    }
    sizes[g]++;
    groupOf[i] = g;
  }
  const starts = new Int32Array(owners.length + 1);
  for (let g = 0; g < owners.length; g++) starts[g + 1] = starts[g] + sizes[g];
  const fill = starts.slice(0, owners.length);
  const members = new Int32Array(links.count);
  for (let i = 0; i < links.count; i++) members[fill[groupOf[i]]++] = i;
  return { owners, members, starts };
}
