/**
 * `GET /search?q=…&page=N`: the one reader page that reads D1 (every other
 * one reads KV only). Parse → search → render: an empty query is the form
 * alone, a query over MAX_QUERY_LENGTH a 400 with the form, a page past the
 * last a 404. Results are for this moment (a post published a minute ago is
 * there), so they are cached briefly and privately, and kept out of search
 * engines (noindex).
 */
import { Hono } from "hono/tiny";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../config";
import { pageParam } from "../http/respond";
import { messagesFor } from "../views/i18n";
import { matchExpression, MAX_QUERY_LENGTH, queryLength } from "./query";
import { RESULTS_PER_PAGE, searchPosts } from "./store";
import { SearchPage } from "./page";

export const searchRoutes = new Hono<AppEnv>();

const CACHE_SEARCH = "private, max-age=60";

searchRoutes.get("/search", async (c) => {
  const config = c.var.config;
  const query = (c.req.query("q") ?? "").trim();
  const headers = { "Cache-Control": CACHE_SEARCH };
  if (query === "") return c.html(<SearchPage config={config} query="" />, 200, headers);
  if (queryLength(query) > MAX_QUERY_LENGTH) {
    // The form keeps the first MAX_QUERY_LENGTH characters: the reader shortens from there, and sending it as is works.
    const kept = [...query].slice(0, MAX_QUERY_LENGTH).join("");
    return c.html(<SearchPage config={config} query={kept} refusal={messagesFor(config.BLOG_LANG).queryTooLong(MAX_QUERY_LENGTH)} />, 400, { "Cache-Control": "no-store" });
  }
  const page = pageParam(c);
  const expression = matchExpression(query);
  const { total, hits } = expression === null ? { total: 0, hits: [] } : await searchPosts(c.env.DB, expression, page, Date.now());
  const pages = Math.max(1, Math.ceil(total / RESULTS_PER_PAGE));
  if (page > pages) throw new HTTPException(404, { message: `There is no page ${page} of these results; the last page is ${pages}.` });
  return c.html(<SearchPage config={config} query={query} results={{ total, hits, page, pages }} />, 200, headers);
});
