// What the library page (library.js) and the search page (search.js) share: where the site is, Pagefind, and what
// the build knows that the scripts need (its words, sort orders, search meta names, counts), written once in
// Python (hooks/offer/library_page.py) and carried by the page as JSON.

export const root = new URL("../", import.meta.url); // the site root, also under a sub-path such as /repo/
export const DEBOUNCE_MS = 250; // typing pauses this long before a search
export const built = JSON.parse(document.getElementById("offer-script-data")?.textContent || "{}");

// One of the build's sentences, with {n} as a number
export function sentence(text, n) {
  return text.replace("{n}", String(n));
}

// Pagefind's search API, from the index the build wrote at the site's root
export async function loadPagefind() {
  const pagefind = await import(new URL("pagefind/pagefind.js", root));
  await pagefind.options({ baseUrl: root.pathname });
  return pagefind;
}
