/**
 * Which language a post is in. A WordPress export names one language for the
 * whole site, but a Hebrew site can hold English posts (and the reverse), and
 * a post's `lang` decides its direction on the page. So each post's language
 * is guessed from the script most of its letters are written in; when that is
 * the site language's own script, the site language stands (a Persian post is
 * not turned into Arabic, nor a French one into English).
 */

interface Script {
  letters: RegExp;
  /** The language assumed when a post is mostly in this script and the site's language is not. */
  lang: string;
  /** Languages written in this script, to recognise the site's own. */
  langs: ReadonlySet<string>;
}

const SCRIPTS: Script[] = [
  { letters: /\p{Script=Hebrew}/gu, lang: "he", langs: new Set(["he", "iw", "yi", "lad"]) },
  { letters: /\p{Script=Arabic}/gu, lang: "ar", langs: new Set(["ar", "fa", "ur", "ps", "sd", "ug", "ku", "ckb", "dv"]) },
  { letters: /\p{Script=Cyrillic}/gu, lang: "ru", langs: new Set(["ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"]) },
  { letters: /\p{Script=Greek}/gu, lang: "el", langs: new Set(["el"]) },
  { letters: /\p{Script=Hangul}/gu, lang: "ko", langs: new Set(["ko"]) },
  { letters: /[\p{Script=Hiragana}\p{Script=Katakana}]/gu, lang: "ja", langs: new Set(["ja"]) },
  { letters: /\p{Script=Han}/gu, lang: "zh", langs: new Set(["zh", "ja"]) },
  { letters: /\p{Script=Devanagari}/gu, lang: "hi", langs: new Set(["hi", "mr", "ne"]) },
  { letters: /\p{Script=Thai}/gu, lang: "th", langs: new Set(["th"]) },
  // Last, so that a language missing from every list above counts as written in Latin letters.
  { letters: /\p{Script=Latin}/gu, lang: "en", langs: new Set() },
];

const LATIN = SCRIPTS[SCRIPTS.length - 1]!;

/** `he-IL` → `he`; empty or unreadable → `en`. */
export function primaryLanguage(tag: string): string {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
  return /^[a-z]{2,3}$/.test(primary) ? primary : "en";
}

/** The language of a text: the fallback unless most letters are in another language's script. */
export function guessLang(text: string, fallback: string): string {
  let best: Script | null = null;
  let bestCount = 0;
  let tie = false;
  for (const script of SCRIPTS) {
    const count = text.match(script.letters)?.length ?? 0;
    if (count > bestCount) {
      best = script;
      bestCount = count;
      tie = false;
    } else if (count > 0 && count === bestCount) {
      tie = true;
    }
  }
  if (!best || tie) return fallback;
  return scriptOf(fallback) === best ? fallback : best.lang;
}

function scriptOf(lang: string): Script {
  const primary = primaryLanguage(lang);
  return SCRIPTS.find((s) => s.langs.has(primary)) ?? LATIN;
}
