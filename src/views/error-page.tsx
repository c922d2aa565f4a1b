/** The HTML page for errors a reader can meet: unknown addresses (404) and the like. */
import type { Config } from "../config";
import { Layout } from "./layout";
import { messagesFor } from "./i18n";

export function NotFoundPage(props: { config: Config }) {
  const t = messagesFor(props.config.BLOG_LANG);
  return (
    <Layout config={props.config} lang={props.config.BLOG_LANG} title={t.notFoundTitle} noindex>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundBody}</p>
      <p>
        <a href="/">{t.backHome}</a>
      </p>
    </Layout>
  );
}

/** A page for a status other than 404, when the config is valid enough to render the layout. */
export function MessagePage(props: { config: Config; title: string; message: string }) {
  return (
    <Layout config={props.config} lang={props.config.BLOG_LANG} title={props.title} noindex>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
    </Layout>
  );
}
