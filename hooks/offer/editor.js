// The story editor's set-up (Sveltia CMS), copied by the build into admin/editor.js (hooks/offer/editor_page.py),
// followed by the preview stylesheets the build found.
//
// Story files are written in the library's own style, the template's, so that an edit changes only the lines it
// touches: lists of terms and names in brackets, other lists and records indented, text quoted only where YAML
// needs it (in double quotes, or single quotes around text with double quotes in it), and always for the fields
// the template quotes (QUOTED, which the build writes above this). Sveltia still reads files with its own parser;
// only the writing is ours.
"use strict";

const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i; // words YAML would read as something other than text
const NUMBER = /^[-+]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?$|^0[xob][0-9a-f_]+$|^[-+]?\.(?:inf|nan)$/i;
const DATE = /^\d{4}-\d\d-\d\d$/; // bare in a date field (DATES, from the build), as in the template; quoted elsewhere

function isPlain(text, inBrackets) {
  if (text === "" || text !== text.trim() || /[\n\r\t\u2028\u2029]/.test(text)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(text) || /:\s|\s#|:$/.test(text)) return false;
  if (inBrackets && /[,[\]{}]/.test(text)) return false;
  return !RESERVED.test(text) && !NUMBER.test(text) && !/^\d[\d:._-]*$/.test(text);
}

function quoted(text) {
  if (text.includes('"') && !text.includes("'") && !/[\u0000-\u001f\u2028\u2029\\]/.test(text)) return `'${text}'`;
  return JSON.stringify(text).replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

function scalar(value, inBrackets = false, key = "") {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const text = String(value);
  if (DATE.test(text)) return DATES.has(key) ? text : quoted(text); // bare, YAML reads a date
  return isPlain(text, inBrackets) ? text : quoted(text);
}

const isRecord = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function inBrackets(list) {
  return list.every((item) => !isRecord(item) && !Array.isArray(item) && (typeof item !== "string" || isPlain(item, true)));
}

function lines(key, value, indent) {
  const pad = " ".repeat(indent);
  if (typeof value === "string" && QUOTED.has(key)) return [`${pad}${key}: ${quoted(value)}`];
  if (Array.isArray(value)) {
    if (!value.length || inBrackets(value)) return [`${pad}${key}: [${value.map((item) => scalar(item, true)).join(", ")}]`];
    return [`${pad}${key}:`, ...value.flatMap((item) => listItem(item, indent + 2))];
  }
  if (isRecord(value)) return [`${pad}${key}:`, ...Object.entries(value).flatMap(([k, v]) => lines(k, v, indent + 2))];
  return [`${pad}${key}: ${scalar(value, false, key)}`];
}

function listItem(item, indent) {
  const pad = " ".repeat(indent);
  if (!isRecord(item)) return [`${pad}- ${scalar(item)}`];
  const [first, ...rest] = Object.entries(item).flatMap(([k, v]) => lines(k, v, indent + 2));
  return [`${pad}- ${(first ?? "{}").trimStart()}`, ...rest];
}

function storyFile(content) {
  const { body, ...fields } = content;
  const head = Object.entries(fields).filter(([, v]) => v !== undefined).flatMap(([k, v]) => lines(k, v, 0));
  return `---\n${head.join("\n")}\n---\n${typeof body === "string" && body ? `\n${body}\n` : ""}`;
}

CMS.registerCustomFormat("yaml-frontmatter", "md", { toFile: storyFile });

// Let people zoom (WCAG 1.4.4): Sveltia's page sets maximum-scale=1 in its viewport tag, which axe reports as
// meta-viewport; take that part out whenever it is written.
function allowZoom() {
  for (const meta of document.querySelectorAll('meta[name="viewport"]')) {
    const content = meta.getAttribute("content") ?? "";
    if (/maximum-scale|user-scalable/.test(content)) {
      meta.setAttribute("content", content.split(",").map((part) => part.trim())
        .filter((part) => !/^(maximum-scale|user-scalable)\b/.test(part)).join(", "));
    }
  }
}
new MutationObserver(allowZoom).observe(document.head, { childList: true, subtree: true, attributes: true, attributeFilter: ["content"] });
allowZoom();

// The preview shows a story as a reader sees its page: the site's stylesheets (registered below by the build) and
// the story page's own markup, as hooks/offer/story_pages.py writes it (tests/test_story_preview.py compares the two
// for the same stories). It leaves out what needs the whole library: related stories, and the template's text
// still to fill in, which the check finds. From the build: PAGE (editor_page.preview_details: the groups listed
// under Story details, the badge group, the library's team); DATE_NOTES, what the date means, after it.
const listed = (value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]);

function longDate(iso) { // as pieces.long_date: 18 May 2016
  if (!DATE.test(String(iso))) return String(iso ?? "");
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(`${iso}T00:00:00Z`));
}
const time = (iso) => h("time", { dateTime: iso }, longDate(iso));
const when = (story) => [time(story.date), DATE_NOTES[story.date_is ?? "happened"] ?? ""];
const terms = (list) => list.flatMap((item, i) => (i ? [", ", item] : [item]));
const table = (rows) => h("dl", { className: "offer-meta__list" },
  rows.flatMap(([label, value]) => [h("dt", { key: `${label}-label` }, label), h("dd", { key: label }, ...value)]));

function banner(story) {
  if (story.status === "draft") {
    return h("div", { className: "offer-banner offer-banner--draft", role: "note" },
      h("strong", null, "Draft."), " This story is not published. Only the preview edition shows it.",
      PAGE.team_set ? null : h("p", { className: "offer-banner__todo" },
        `The library's own team is not set yet: pages name "${PAGE.team}". Set site: team in case_studies/taxonomy.yml.`));
  }
  if (story.audience === "staff") {
    return h("div", { className: "offer-banner offer-banner--staff", role: "note" },
      h("strong", null, "Staff only."), " This story is not on the public site.");
  }
  return null;
}

function badge(story) { // its type, e.g. Case study, and what that means
  if (!PAGE.badge) return null;
  const [field, fallback, known] = PAGE.badge;
  const chosen = listed(story[field]).filter((slug) => Object.hasOwn(known, slug));
  return (chosen.length ? chosen : listed(fallback)).map((slug) => h("p", { key: slug, className: `offer-type offer-type--${slug}` },
    h("strong", null, `${known[slug][0]}.`), ` ${known[slug][1]}`));
}

function details(story) {
  const rows = [["Date", when(story)]];
  for (const [field, label, one, known, fallback] of PAGE.details) {
    const named = listed(story[field]).filter((slug) => Object.hasOwn(known, slug));
    const links = (named.length ? named : listed(fallback))
      .map((slug) => h("a", { key: slug, href: known[slug][1] }, known[slug][0]));
    if (links.length) rows.push([links.length === 1 ? one : label, terms(links)]);
  }
  if (listed(story.partners).length) rows.push(["Partners", [listed(story.partners).join(", ")]]);
  return h("aside", { className: "offer-meta", "aria-labelledby": "offer-meta-heading", "data-pagefind-ignore": "" },
    h("h2", { id: "offer-meta-heading", className: "offer-meta__heading" }, "Story details"), table(rows));
}

function source(item, i) {
  const title = item.url ? h("a", { href: item.url }, item.title) : item.title;
  return h("li", { key: i }, title, item.reference ? `, ${item.reference}` : "", ", ", time(item.date),
    item.section ? [". ", h("span", { key: "section", className: "offer-about__section" }, `Where: ${item.section}`)] : null);
}

function about(story) {
  const rows = [["When", when(story)], ["Sources", [h("ul", null, listed(story.sources).map(source))]]];
  const contact = story.contact || PAGE.team;
  rows.push(["Contact", [contact.charAt(0).toUpperCase() + contact.slice(1)]]);
  return h("section", { className: "offer-about", "aria-labelledby": "offer-about-heading", "data-pagefind-ignore": "" },
    h("h2", { id: "offer-about-heading" }, "About this story"), table(rows));
}

function StoryPreview({ entry, widgetFor, getAsset }) {
  const story = entry.get("data")?.toJS?.() ?? {};
  const outcomes = listed(story.outcomes);
  const reported = listed(story.reported);
  const picture = story.image?.src ? String(getAsset?.(story.image.src) || story.image.src) : "";
  // The frame's document has no title and lang="_default" (axe: document-title, html-lang-valid): name it, as the site
  const named = (element) => {
    if (!element) return;
    element.ownerDocument.documentElement.lang = document.documentElement.lang;
    element.ownerDocument.title = `Preview: ${story.title ?? ""}`;
  };
  return h("div", { className: "md-main__inner md-grid", ref: named },
    h("div", { className: "md-content" },
      h("article", { className: "md-content__inner md-typeset" },
        h("div", { className: "offer-generated" },
          banner(story),
          badge(story),
          h("h1", null, story.title),
          h("p", { className: "offer-lead" }, story.summary),
          picture ? h("figure", { className: "offer-figure" }, h("img", { src: picture, alt: story.image.alt ?? "" })) : null,
          details(story)),
        widgetFor("body"),
        h("div", { className: "offer-generated" },
          outcomes.length ? h("section", { className: "offer-outcomes", "aria-labelledby": "offer-outcomes-heading" },
            h("h2", { id: "offer-outcomes-heading" }, "What changed"),
            h("ul", null, outcomes.map((text, i) => h("li", { key: i }, text)))) : null,
          reported.length ? h("section", { className: "offer-outcomes", "aria-labelledby": "offer-reported-heading" },
            h("h2", { id: "offer-reported-heading" }, "What the sources report happened"),
            h("ul", null, reported.map((item, i) => h("li", { key: i }, item.outcome, " ",
              h("span", { className: "offer-about__section" }, `(${item.source}, ${item.section})`))))) : null,
          about(story)))));
}
CMS.registerPreviewTemplate("stories", StoryPreview);
