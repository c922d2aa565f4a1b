/**
 * The search page: the form, and under it one page of results or why there
 * are none. The page is in the blog's language; each result keeps its post's
 * language and direction, as the index page does (views/parts.tsx).
 */
import type { Config } from "../config";
import { Layout, describePage } from "../views/layout";
import { DateTime, TagList } from "../views/parts";
import { messagesFor } from "../views/i18n";
import { slugPath } from "../posts/slug";
import { MARK_END, MARK_START } from "./normalize";
import { MAX_QUERY_LENGTH } from "./query";
import type { SearchHit } from "./store";

export const searchPath = (query: string, page = 1) => `/search?q=${encodeURIComponent(query)}${page > 1 ? `&page=${page}` : ""}`;

export interface SearchPageProps {
  config: Config;
  /** What the form shows. */
  query: string;
  /** Set once a query was searched. */
  results?: { total: number; hits: SearchHit[]; page: number; pages: number };
  /** Why the query was refused (shown instead of results). */
  refusal?: string;
}

export function SearchPage(props: SearchPageProps) {
  const { config, query, results } = props;
  const lang = config.BLOG_LANG;
  const t = messagesFor(lang);
  const searched = results !== undefined;
  const abs = (page: number) => config.BASE_URL + searchPath(query, page);
  const prev = searched && results.page > 1 ? abs(results.page - 1) : undefined;
  const next = searched && results.page < results.pages ? abs(results.page + 1) : undefined;
  return (
    <Layout
      config={config}
      lang={lang}
      title={searched ? `${t.searchResultsFor}: ${query}` : t.search}
      description={describePage(config, t.search)}
      // Results stay out of search engines (a page per query is an endless space); the search page itself is theirs to find.
      noindex={searched}
      canonical={searched ? undefined : `${config.BASE_URL}/search`}
      prev={prev}
      next={next}
    >
      <h1>
        {searched ? (
          <>
            {t.searchResultsFor}: <bdi>{query}</bdi>
          </>
        ) : (
          t.search
        )}
      </h1>
      <SearchForm query={query} lang={lang} />
      {props.refusal ? (
        <p class="notice err" role="alert">
          {props.refusal}
        </p>
      ) : null}
      {searched ? (
        <>
          <p class="meta" role="status">
            {results.total === 0 ? t.noResults : t.resultCount(results.total)}
          </p>
          {results.hits.map((hit) => (
            <SearchResult hit={hit} timeZone={config.TIME_ZONE} />
          ))}
          <ResultPager query={query} page={results.page} pages={results.pages} lang={lang} />
        </>
      ) : null}
    </Layout>
  );
}

/** GET, so results have an address and work without JavaScript. */
export function SearchForm(props: { query: string; lang: string }) {
  const t = messagesFor(props.lang);
  return (
    <form class="search-form" role="search" method="get" action="/search">
      <label for="search-q">{t.searchLabel}</label>
      <input type="search" id="search-q" name="q" value={props.query} maxlength={MAX_QUERY_LENGTH} dir="auto" />
      <button type="submit">{t.search}</button>
    </form>
  );
}

function SearchResult(props: { hit: SearchHit; timeZone: string }) {
  const { hit } = props;
  const t = messagesFor(hit.lang);
  return (
    <article class="entry search-hit" lang={hit.lang} dir={hit.dir}>
      <h2>
        <a href={slugPath(hit.slug)}>
          <bdi>{hit.titleMarked === null ? hit.title : <Marked text={hit.titleMarked} />}</bdi>
        </a>
      </h2>
      <p class="meta">
        <DateTime ms={hit.published} lang={hit.lang} timeZone={props.timeZone} />
      </p>
      {hit.snippet ? (
        <p class="snippet">
          <Marked text={hit.snippet} />
        </p>
      ) : null}
      <TagList tags={hit.tags} label={t.tags} />
    </article>
  );
}

// Odd pieces are what FTS5 put between MARK_START and MARK_END.
const MARKED = new RegExp(`${MARK_START}([^${MARK_START}${MARK_END}]*)${MARK_END}`);
const STRAY = new RegExp(`[${MARK_START}${MARK_END}]`, "g");

/** Text with FTS5's markers: the matches become <mark>, everything is escaped by JSX as text. */
function Marked(props: { text: string }) {
  return <>{props.text.split(MARKED).map((piece, i) => (i % 2 === 1 ? <mark>{piece}</mark> : piece.replace(STRAY, "")))}</>;
}

function ResultPager(props: { query: string; page: number; pages: number; lang: string }) {
  const t = messagesFor(props.lang);
  if (props.pages <= 1) return null;
  return (
    <nav class="pager" aria-label={t.pageOf(props.page, props.pages)}>
      {props.page > 1 ? (
        <a href={searchPath(props.query, props.page - 1)} rel="prev">
          {t.previousResults}
        </a>
      ) : (
        <span />
      )}
      <span class="meta">{t.pageOf(props.page, props.pages)}</span>
      {props.page < props.pages ? (
        <a href={searchPath(props.query, props.page + 1)} rel="next">
          {t.moreResults}
        </a>
      ) : (
        <span />
      )}
    </nav>
  );
}
