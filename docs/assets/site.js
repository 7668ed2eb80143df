// What the library page (library.js) and the search page (search.js) share: where the site is, and Pagefind.

export const root = new URL("../", import.meta.url); // the site root, also under a sub-path such as /repo/
export const DEBOUNCE_MS = 250; // typing pauses this long before a search

// Pagefind's search API, from the index the build wrote at the site's root
export async function loadPagefind() {
  const pagefind = await import(new URL("pagefind/pagefind.js", root));
  await pagefind.options({ baseUrl: root.pathname });
  return pagefind;
}
