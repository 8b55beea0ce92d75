import { html, type Html } from './html.js';
import { SEARCH_PATH } from './reader-paths.js';

/** Characters of a query searched at most: the form holds no more, and a longer one in an address is cut to this. */
export const MAX_QUERY_CHARS = 200;

/**
 * The search box: a GET form, so a search is a link to share and changes
 * nothing (no CSRF token). With an area it searches that area only; the
 * label says where, since the same box is on several pages.
 */
export function searchForm(opts: { query: string; area: { name: string; title: string } | null }): Html {
  const label = opts.area ? `Search ${opts.area.title}` : 'Search every area you may read';
  return html`<form class="search" role="search" method="get" action="${SEARCH_PATH}">
<label for="q">${label}</label>
<span class="search-row"><input id="q" name="q" type="search" maxlength="${MAX_QUERY_CHARS}" value="${opts.query}" autocomplete="off">${opts.area ? html`<input type="hidden" name="area" value="${opts.area.name}">` : ''}<button type="submit">Search</button></span>
</form>`;
}
