/**
 * The one way sheets, the report and exports write authors for people: "Family, Given" (a corporate
 * author, or one without a given name, as its family part alone), and a list joined by "; " that is
 * cut after `limit` names with "; et al." (a sheet has room for a few; the report lists all).
 */
import { authorName, type Author } from '../../model/record.js';

export { authorName };

/** The first author's name, or '' for a record without authors. */
export function firstAuthorName(authors: readonly Author[]): string {
  const first = authors[0];
  return first ? authorName(first) : '';
}

/** "Smith, J.; Doe, A." — at most `limit` names, then "; et al."; every name without a limit. */
export function authorList(authors: readonly Author[], limit = Number.POSITIVE_INFINITY): string {
  const names = authors.map(authorName);
  return names.length > limit ? `${names.slice(0, limit).join('; ')}; et al.` : names.join('; ');
}
