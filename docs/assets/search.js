// The search page: Pagefind's own interface, told where the index is and
// showing each story's summary under its title. Without JavaScript the page
// says so and links to the library.

const root = new URL("../", import.meta.url);
await import(new URL("pagefind/pagefind-ui.js", root));

const escapeHtml = (text) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const ui = new window.PagefindUI({
  element: "[data-offer-search]",
  bundlePath: new URL("pagefind/", root).pathname,
  baseUrl: root.pathname,
  showImages: false,
  showSubResults: false,
  resetStyles: false,
  autofocus: true,
  translations: { placeholder: "Search stories and the toolkit", zero_results: "Nothing found for [SEARCH_TERM]. Try another word, or a place name." },
  // the excerpt is HTML: a story's summary is plain text, so it is escaped
  processResult: (result) => {
    if (result.meta.summary) result.excerpt = escapeHtml(result.meta.summary);
    return result;
  },
});

document.querySelector("[data-offer-nojs]")?.setAttribute("hidden", "");
const query = new URLSearchParams(location.search).get("q");
if (query) ui.triggerSearch(query);
