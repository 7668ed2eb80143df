// A story card for a search result, made by filling the page's <template data-offer-card>,
// which the build writes from the same markup as the cards in its lists (hooks/offer/cards.py).
// No innerHTML with data: every value goes in with textContent or a property.
// The names of Pagefind's meta come from the build (cards.META), by what the card shows.

import { built } from "./site.js";

export function card(data, root) {
  const found = data.meta || {};
  const meta = (what) => found[built.meta[what]];
  const item = document.querySelector("template[data-offer-card]").content.firstElementChild.cloneNode(true);
  const link = item.querySelector(".offer-card__title a");
  link.href = data.url;
  link.textContent = meta("title") || data.url;
  const line = item.querySelector(".offer-card__meta");
  const time = line.querySelector("time");
  if (meta("date_iso")) {
    time.dateTime = meta("date_iso");
    time.textContent = meta("date") || "";
    line.lastChild.appendData(meta("places") || ""); // after the template's own separator, as the server's cards have it
  } else {
    line.remove(); // a toolkit or hand-written page: no date or places
  }
  const summary = item.querySelector(".offer-card__summary");
  if (meta("summary") || data.excerpt) summary.textContent = meta("summary") || excerptText(data.excerpt);
  else summary.remove();
  const image = item.querySelector(".offer-card__image");
  if (meta("image")) {
    image.src = new URL(meta("image"), root).href; // the path is from the site's root
    image.alt = meta("image_alt") || "";
  } else {
    image.remove();
  }
  return item;
}

// Pagefind's excerpt as plain text: its <mark> tags are dropped
function excerptText(excerpt) {
  return `… ${new DOMParser().parseFromString(excerpt, "text/html").body.textContent} …`;
}
