/**
 * Clusters from "same" links (union-find), built while pairs are compared so that a pair whose
 * records are already joined is not compared again (near-linear cost on large clusters). A union is
 * refused when it would put two different DOIs in one cluster, or two records that a veto or a
 * reviewer declared different: transitivity must not undo a veto.
 */

export interface Link {
  a: number;
  b: number;
  rule: string;
  score: number;
}

export type UnionOutcome = 'joined' | 'already' | 'doi-conflict' | 'cannot-link';

export class Clusters {
  private readonly parent: number[];
  private readonly doiOf: (string | undefined)[];
  /** Records each root's members must never join (kept on roots, moved on union). */
  private readonly cannot = new Map<number, number[]>();
  /** The link that first joined each record to its cluster (undefined for singletons). */
  readonly joinedBy: (Link | undefined)[];
  refused = 0;

  constructor(count: number, dois: readonly (string | undefined)[]) {
    this.parent = Array.from({ length: count }, (_, i) => i);
    this.doiOf = [...dois];
    this.joinedBy = new Array(count).fill(undefined);
  }

  find(x: number): number {
    let r = x;
    while (this.parent[r] !== r) r = this.parent[r]!;
    let c = x;
    while (this.parent[c] !== r) { const next = this.parent[c]!; this.parent[c] = r; c = next; }
    return r;
  }

  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  forbid(a: number, b: number): void {
    this.push(this.find(a), b);
    this.push(this.find(b), a);
  }

  union(link: Link): UnionOutcome {
    const ra = this.find(link.a);
    const rb = this.find(link.b);
    if (ra === rb) return 'already';
    const da = this.doiOf[ra];
    const db = this.doiOf[rb];
    if (da !== undefined && db !== undefined && da !== db) { this.refused++; return 'doi-conflict'; }
    if (this.forbidden(ra, rb) || this.forbidden(rb, ra)) { this.refused++; return 'cannot-link'; }
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    this.parent[child] = root;
    this.doiOf[root] = da ?? db;
    const moved = this.cannot.get(child);
    if (moved) { for (const m of moved) this.push(root, m); this.cannot.delete(child); }
    this.joinedBy[link.a] ??= link;
    this.joinedBy[link.b] ??= link;
    return 'joined';
  }

  /** Root (smallest member index) of every record. */
  roots(): number[] {
    return this.parent.map((_, i) => this.find(i));
  }

  private forbidden(root: number, other: number): boolean {
    const list = this.cannot.get(root);
    if (!list) return false;
    for (const x of list) if (this.find(x) === other) return true;
    return false;
  }

  private push(key: number, value: number): void {
    const list = this.cannot.get(key);
    if (list) list.push(value); else this.cannot.set(key, [value]);
  }
}
