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
import { mediaRoutes } from "./media/serve";

export function buildApp() {
  return newApp((app) => {
    app.route("/api/posts", commentsApi);
    app.route("/api/posts", postsApi);
    app.route("/", mediaRoutes);
    app.route("/", commentRoutes);
    app.route("/", readerRoutes);
    app.route("/", pageRoutes);
  });
}
