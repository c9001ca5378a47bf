/**
 * Clusters from "same" links (union-find). A union is refused when it would put two different
 * DOIs in one cluster, or two records that a veto or a reviewer declared different: transitivity
 * must never undo a veto. Links are applied strongest first, so a refused union loses the weaker link.
 */

export interface Link {
  a: number;
  b: number;
  rule: string;
  score: number;
  /** Lower is applied first: reviewer decisions, then identifiers, then the rest by score. */
  priority: number;
}

export interface Clustering {
  /** Root index per record (the smallest member index). */
  clusterOf: number[];
  /** The link that first joined each record to its cluster (undefined for singletons). */
  joinedBy: (Link | undefined)[];
  /** Links not applied because they would have joined conflicting records. */
  refused: { link: Link; reason: 'doi-conflict' | 'cannot-link' }[];
}

export function clusterRecords(
  count: number,
  dois: readonly (string | undefined)[],
  links: readonly Link[],
  cannotLinks: readonly [number, number][],
): Clustering {
  const parent = Array.from({ length: count }, (_, i) => i);
  const doiOf: (string | undefined)[] = [...dois];
  const cannot = new Map<number, number[]>();
  for (const [x, y] of cannotLinks) {
    pushTo(cannot, x, y);
    pushTo(cannot, y, x);
  }
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    let c = x;
    while (parent[c] !== r) { const next = parent[c]!; parent[c] = r; c = next; }
    return r;
  };
  const joinedBy: (Link | undefined)[] = new Array(count).fill(undefined);
  const refused: Clustering['refused'] = [];
  const ordered = [...links].sort((x, y) => x.priority - y.priority || y.score - x.score || x.a - y.a || x.b - y.b);
  for (const link of ordered) {
    const ra = find(link.a);
    const rb = find(link.b);
    if (ra === rb) continue;
    const da = doiOf[ra];
    const db = doiOf[rb];
    if (da !== undefined && db !== undefined && da !== db) { refused.push({ link, reason: 'doi-conflict' }); continue; }
    if (conflicts(ra, rb, cannot, find) || conflicts(rb, ra, cannot, find)) { refused.push({ link, reason: 'cannot-link' }); continue; }
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent[child] = root;
    doiOf[root] = da ?? db;
    const moved = cannot.get(child);
    if (moved) { for (const m of moved) pushTo(cannot, root, m); cannot.delete(child); }
    joinedBy[link.a] ??= link;
    joinedBy[link.b] ??= link;
  }
  const clusterOf = parent.map((_, i) => find(i));
  return { clusterOf, joinedBy, refused };
}

// Cannot-link lists are kept on roots: each root lists the records its members must never join.
function conflicts(root: number, other: number, cannot: Map<number, number[]>, find: (x: number) => number): boolean {
  const list = cannot.get(root);
  if (!list) return false;
  for (const x of list) if (find(x) === other) return true;
  return false;
}

function pushTo(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value); else map.set(key, [value]);
}
