// The library page's filters (the GOV.UK / MOJ filter pattern).
//
// Without JavaScript the server-rendered list in [data-offer-static] is all
// there is. This script asks Pagefind for stories that match the ticked
// filters and the keyword, shows them 20 at a time, keeps the selection in
// the address (so links can be shared and the back button works) and shows
// beside each option how many stories ticking it would give. If Pagefind
// cannot load, the static list stays.
//
// Pagefind is loaded only once a search is needed (a box ticked, a word typed,
// or a selection in the address): with nothing chosen, the server's list and
// the counts the server wrote into the form are already the answer.
//
// No innerHTML with data: cards are filled in by card.js, with textContent.
//
// The sentences, sort orders, counts and filters come from the build (built, from hooks/offer/library_page.py),
// where the server's first view is made with the same ones.

import { card } from "./card.js";
import { built, DEBOUNCE_MS, loadPagefind as importPagefind, root, sentence } from "./site.js";

const PAGE = 20; // results shown at first, and added by "Show more stories"
const SORTS = built.sorts ?? {}; // the sort menu's values -> Pagefind's sort
const DEFAULT_SORT = built.default_sort; // also the order of the server's list

const form = document.querySelector("[data-offer-filters]");
const staticList = document.querySelector("[data-offer-static]");
const resultsList = document.querySelector("[data-offer-results]");
const status = document.querySelector("[data-offer-status]");
const more = document.querySelector("[data-offer-more]");
const clear = document.querySelector("[data-offer-clear]");
const keyword = form?.querySelector("#offer-q");
const sortSelect = form?.querySelector("#offer-sort");
const boxes = form ? [...form.querySelectorAll('input[type="checkbox"]')] : [];
const groupNames = [...new Set(boxes.map((box) => box.name))];

let pagefindReady = null; // the promise of Pagefind, made on the first search
let shown = []; // Pagefind results of the current search
let shownCount = 0; // how many of them have cards
let generation = 0; // only the newest search may write to the page
let typingTimer = 0;

// ---------------------------------------------------------------------------
// State: the form <-> the query string
// ---------------------------------------------------------------------------

function readForm() {
  const selected = {};
  for (const name of groupNames) {
    selected[name] = boxes.filter((box) => box.name === name && box.checked).map((box) => box.value);
  }
  const sort = Object.hasOwn(SORTS, sortSelect.value) ? sortSelect.value : DEFAULT_SORT;
  return { q: keyword.value.trim(), selected, sort };
}

function toQuery(state) {
  const params = new URLSearchParams();
  if (state.q) params.set(keyword.name, state.q); // the form's own names, as it would send them without this script
  for (const name of groupNames) {
    for (const value of state.selected[name]) params.append(name, value);
  }
  if (state.sort !== DEFAULT_SORT) params.set(sortSelect.name, state.sort);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "") + location.hash;
}

function setFormFromUrl() {
  const params = new URLSearchParams(location.search);
  keyword.value = params.get(keyword.name) || "";
  const sort = params.get(sortSelect.name);
  sortSelect.value = sort && Object.hasOwn(SORTS, sort) ? sort : DEFAULT_SORT;
  for (const box of boxes) box.checked = params.getAll(box.name).includes(box.value);
  openSelectedGroups();
}

function openSelectedGroups() {
  for (const details of form.querySelectorAll("details.offer-filter-group")) {
    if (details.querySelector('input[type="checkbox"]:checked')) details.open = true;
  }
}

function writeUrl(how) {
  const url = toQuery(readForm());
  if (url === location.pathname + location.search + location.hash) return;
  if (how === "push") history.pushState(null, "", url);
  else history.replaceState(null, "", url);
}

// ---------------------------------------------------------------------------
// Searching
// ---------------------------------------------------------------------------

function filtersFor(state, without = null) {
  const filters = { ...built.filters }; // always AND stories only
  for (const name of groupNames) {
    if (name !== without && state.selected[name].length) filters[name] = { any: state.selected[name] };
  }
  return filters;
}

function loadPagefind() {
  pagefindReady ??= importPagefind().then(async (pagefind) => {
    // Loads every filter's (small) chunk, so each search counts every group, not only the ones in use
    await pagefind.filters();
    return pagefind;
  });
  return pagefindReady;
}

async function search(state, filters) {
  const pagefind = await loadPagefind();
  return pagefind.search(state.q || null, { filters, sort: SORTS[state.sort] });
}

// While a search is waiting or running the results say aria-busy="true"
function busy() {
  resultsList.setAttribute("aria-busy", "true");
}

// Nothing chosen: the server's list (in the default order) is the answer, so no search is made.
// Pagefind's search without a keyword reads the whole index, which grows with the library.
function isUnfiltered(state) {
  return !state.q && state.sort === DEFAULT_SORT && groupNames.every((name) => !state.selected[name].length);
}

function showUnfiltered() {
  generation++;
  setCounts(built.counts);
  status.textContent = matches(Number(form.dataset.offerTotal), false);
  resultsList.hidden = true;
  more.hidden = true;
  if (staticList) staticList.hidden = false;
  resultsList.removeAttribute("aria-busy");
}

// The status, as the server writes it with nothing chosen (`filtered`: with none found, it says what to do)
function matches(n, filtered) {
  const { none, one, many } = built.status;
  return filtered && n === 0 ? none : sentence(n === 1 ? one : many, n);
}

// Beside each box: how many stories ticking it gives
function setCounts(counts) {
  for (const box of boxes) {
    box.labels[0].querySelector(".offer-option-count").textContent = sentence(built.count, counts[box.name]?.[box.value] ?? 0);
  }
}

// Any failure (Pagefind's index missing, say) leaves the server's list, which works alone
async function update() {
  try {
    await filter();
  } catch (error) {
    console.warn("The library filters could not search; showing the plain list.", error);
    generation++;
    form.hidden = true;
    resultsList.hidden = true;
    more.hidden = true;
    status.textContent = "";
    resultsList.removeAttribute("aria-busy");
    if (staticList) staticList.hidden = false;
  }
}

async function filter() {
  const state = readForm();
  if (isUnfiltered(state)) return showUnfiltered();
  const run = ++generation;
  busy();
  // A group with selections counts each option as if that group's own filter were lifted
  // (OR within a group), given the other groups and the keyword.
  const selectedGroups = groupNames.filter((name) => state.selected[name].length);
  const [main, ...lifted] = await Promise.all([
    search(state, filtersFor(state)),
    ...selectedGroups.map((name) => search(state, filtersFor(state, name))),
  ]);
  if (run !== generation || !main) return; // a newer search has started
  // the first cards' data is loaded before the page changes, so the list never flashes empty
  const first = await Promise.all(main.results.slice(0, PAGE).map((result) => result.data()));
  if (run !== generation) return;

  const counts = { ...(main.filters || {}) };
  selectedGroups.forEach((name, i) => {
    counts[name] = lifted[i]?.filters?.[name] || {};
  });
  setCounts(counts);

  shown = main.results;
  shownCount = first.length;
  resultsList.replaceChildren(...first.map((data) => card(data, root)));
  more.hidden = shownCount >= shown.length;

  const n = shown.length;
  status.textContent = matches(n, true);
  resultsList.hidden = n === 0;
  if (staticList) staticList.hidden = true;
  if (!typingTimer) resultsList.removeAttribute("aria-busy");
}

// "Show more stories": data is loaded only for the next PAGE results (result.data() fetches one fragment each)
let loadingMore = false;
async function showMore() {
  if (loadingMore) return;
  loadingMore = true;
  const run = generation;
  try {
    const data = await Promise.all(shown.slice(shownCount, shownCount + PAGE).map((result) => result.data()));
    if (run !== generation) return;
    const cards = data.map((data) => card(data, root));
    resultsList.append(...cards);
    shownCount += cards.length;
    more.hidden = shownCount >= shown.length;
    cards[0]?.querySelector("a").focus();
  } finally {
    loadingMore = false;
  }
}

// ---------------------------------------------------------------------------
// Start
// ---------------------------------------------------------------------------

function start() {
  if (!form || !resultsList || !status || !more || !keyword || !sortSelect) return;
  setFormFromUrl();
  form.hidden = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    typingTimer = 0;
    writeUrl("replace");
    update();
  });
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target === keyword) return; // typing is handled below
    writeUrl("push");
    update();
  });
  keyword.addEventListener("input", () => {
    clearTimeout(typingTimer);
    busy();
    typingTimer = setTimeout(() => {
      typingTimer = 0;
      writeUrl("replace");
      update();
    }, DEBOUNCE_MS);
  });
  clear.addEventListener("click", () => {
    clearTimeout(typingTimer);
    typingTimer = 0;
    keyword.value = "";
    sortSelect.value = DEFAULT_SORT;
    for (const box of boxes) box.checked = false;
    writeUrl("push");
    update();
    keyword.focus();
  });
  more.addEventListener("click", showMore);
  window.addEventListener("popstate", () => {
    clearTimeout(typingTimer);
    typingTimer = 0;
    setFormFromUrl();
    update();
  });

  // With nothing chosen the server's list, counts and status are already right: leave the live region alone
  if (!isUnfiltered(readForm())) update();
}

start();
