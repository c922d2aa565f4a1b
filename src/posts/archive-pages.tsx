/**
 * The archive's pages: `/archive/` (every year and month with its count,
 * newest first) and a year's page `/2026/` (its months). Both render from
 * the one small key `archive:months` (archive.ts); a month's own page is a
 * list page (ListPage, like a tag's). The post page's previous/next links
 * are here too (PostNeighbours).
 */
import type { Config } from "../config";
import { Layout, describePage } from "../views/layout";
import { messagesFor } from "../views/i18n";
import { slugPath } from "./slug";
import { monthName, type PostNav } from "./archive";

export const yearPath = (year: string) => `/${year}/`;
/** "2026-10" → "/2026/10/": the month page's one address (with the slash, as WordPress has it). */
export const monthPath = (month: string) => `/${month.slice(0, 4)}/${month.slice(5, 7)}/`;

/** Months grouped by year, newest first, as `archive:months` has them. */
export function byYear(months: [string, number][]): [string, [string, number][]][] {
  const years = new Map<string, [string, number][]>();
  for (const entry of months) {
    const year = entry[0].slice(0, 4);
    years.set(year, [...(years.get(year) ?? []), entry]);
  }
  return [...years];
}

function MonthList(props: { months: [string, number][]; lang: string }) {
  const t = messagesFor(props.lang);
  return (
    <ul class="archive-months">
      {props.months.map(([month, n]) => (
        <li>
          <a href={monthPath(month)}>{monthName(Number(month.slice(5, 7)), props.lang)}</a> <span class="meta">{t.postCount(n)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ArchivePage(props: { config: Config; months: [string, number][] }) {
  const { config } = props;
  const lang = config.BLOG_LANG;
  const t = messagesFor(lang);
  const years = byYear(props.months);
  return (
    <Layout config={config} lang={lang} title={t.archive} description={describePage(config, t.archive)} canonical={`${config.BASE_URL}/archive/`}>
      <h1>{t.archive}</h1>
      {years.length === 0 ? <p>{t.noPosts}</p> : null}
      {years.map(([year, months]) => (
        <section class="archive-year" id={`y${year}`} aria-labelledby={`y${year}-h`}>
          <h2 id={`y${year}-h`}>
            <a href={yearPath(year)}>{year}</a> <span class="meta">{t.postCount(months.reduce((sum, [, n]) => sum + n, 0))}</span>
          </h2>
          <MonthList months={months} lang={lang} />
        </section>
      ))}
    </Layout>
  );
}

export function YearPage(props: { config: Config; year: string; months: [string, number][] }) {
  const { config, year } = props;
  const lang = config.BLOG_LANG;
  const t = messagesFor(lang);
  return (
    <Layout config={config} lang={lang} title={t.postsFromYear(year)} description={describePage(config, t.postsFromYear(year))} canonical={config.BASE_URL + yearPath(year)}>
      <h1>{t.postsFromYear(year)}</h1>
      <MonthList months={props.months} lang={lang} />
      <p>
        <a href={`/archive/#y${year}`}>{t.archive}</a>
      </p>
    </Layout>
  );
}

/** The older and newer post, at the end of a post: plain links (rel=prev/next belong to the comment pages). */
export function PostNeighbours(props: { nav: PostNav | null | undefined; lang: string }) {
  const { nav } = props;
  if (!nav || (!nav.prev && !nav.next)) return null;
  const t = messagesFor(props.lang);
  const link = (post: { slug: string; title: string; lang: string; dir: string } | null, label: string, cls: string) =>
    post ? (
      <p class={cls}>
        <span class="meta">{label}</span>{" "}
        <a href={slugPath(post.slug)} lang={post.lang} dir={post.dir}>
          <bdi>{post.title}</bdi>
        </a>
      </p>
    ) : null;
  return (
    <nav class="post-nav" aria-label={t.morePosts}>
      {link(nav.prev, t.previousPost, "post-nav-prev")}
      {link(nav.next, t.nextPost, "post-nav-next")}
    </nav>
  );
}
