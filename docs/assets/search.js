// The search page, on Pagefind's own search API (no Pagefind UI, no filters
// loaded up front): it fetches only the index chunks a query needs and the
// data of the results it shows, ten at a time. The query is kept in the
// address, so a search can be shared. Without JavaScript the page says so
// and links to the library.
//
// No innerHTML with data: results are cards filled in by card.js, with textContent.

import { card } from "./card.js";
import { DEBOUNCE_MS, loadPagefind, root } from "./site.js";

const PAGE = 10; // results shown at first, and added by "Show more results"

const form = document.querySelector("[data-offer-search]");
const input = form?.querySelector("input[type=search]");
const status = document.querySelector("[data-offer-search-status]");
const list = document.querySelector("[data-offer-search-results]");
const more = document.querySelector("[data-offer-search-more]");

let pagefind = null;
let results = []; // Pagefind's results for the current query
let generation = 0; // only the newest search may write to the page
let typingTimer = 0;

async function search() {
  const query = input.value.trim();
  const mine = ++generation;
  history.replaceState(null, "", location.pathname + (query ? `?${new URLSearchParams({ [input.name]: query })}` : "") + location.hash);
  if (!query) {
    results = [];
    list.replaceChildren();
    status.textContent = "";
    more.hidden = true;
    return;
  }
  list.setAttribute("aria-busy", "true");
  const found = await pagefind.search(query);
  const first = await Promise.all(found.results.slice(0, PAGE).map((result) => result.data()));
  if (mine !== generation) return;
  results = found.results;
  list.replaceChildren(...first.map((data) => card(data, root)));
  list.removeAttribute("aria-busy");
  const count = results.length;
  status.textContent = count
    ? `${count} result${count === 1 ? "" : "s"} for “${query}”`
    : `Nothing found for “${query}”. Try another word, or a place name.`;
  more.hidden = count <= PAGE;
}

async function showMore() {
  const shown = list.children.length;
  const data = await Promise.all(results.slice(shown, shown + PAGE).map((result) => result.data()));
  const items = data.map((result) => card(result, root));
  list.append(...items);
  more.hidden = list.children.length >= results.length;
  items[0]?.querySelector("a").focus(); // keyboard and screen reader users land on the first new result
}

async function start() {
  if (!form || !input || !status || !list || !more) return;
  try {
    pagefind = await loadPagefind();
  } catch (error) {
    console.warn("Search needs the Pagefind index, which did not load.", error);
    return; // the page keeps saying that search is unavailable
  }
  document.querySelector("[data-offer-nojs]")?.setAttribute("hidden", "");
  form.hidden = false;
  input.value = new URLSearchParams(location.search).get(input.name) || "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    search();
  });
  input.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(search, DEBOUNCE_MS);
  });
  more.addEventListener("click", showMore);
  input.focus();
  if (input.value) await search();
}

start();
