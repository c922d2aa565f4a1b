/**
 * The reader Worker's app: each feature's reader routes, and the reader's
 * catch-all post page (pages/) last. The author's side is the desk Worker's
 * (src/desk-app.ts); src/desk-link.ts passes its paths on.
 */
import { newApp } from "./app-base";
import { postsApi } from "./posts/api";
import { readerRoutes } from "./posts/routes";
import { commentRoutes, commentsApi } from "./comments/routes";
import { pageRoutes } from "./pages/routes";
import { searchRoutes } from "./search/routes";
import { mediaRoutes } from "./media/serve";
import { oldAddresses } from "./redirects/middleware";
import { iconRoutes } from "./views/icon";

export function buildApp() {
  return newApp((app) => {
    // A moved WordPress blog's addresses: looked at only when nothing below answered (a 404), and for `/?p=123`.
    app.use(oldAddresses);
    app.route("/api/posts", commentsApi);
    app.route("/api/posts", postsApi);
    app.route("/", mediaRoutes);
    app.route("/", iconRoutes);
    app.route("/", commentRoutes);
    app.route("/", readerRoutes);
    // Before pageRoutes: /<slug> would take /search.
    app.route("/", searchRoutes);
    app.route("/", pageRoutes);
  });
}
