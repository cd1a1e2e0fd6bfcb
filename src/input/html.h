// The article in a saved web page: its text and its metadata, through
// gumbo's HTML5 parser (the tree a browser would build, whatever the markup).
//
//   argx::input::HtmlPage page;
//   argx::input::ExtractHtml(utf8_html, &page);
//   store(page.text);         // "Deal struck\nFrance opposed the plan on Monday.\n..."
//   use(page.meta.date, page.meta.source, page.meta.title, page.meta.url);
//
// Text. The content is the <article> with the most text, else the <main>
// (or role="main") with the most text, else the densest block: the element
// whose <p> children hold the most text, else <body>. Inside it, these are
// dropped: nav, aside, footer, script, style, noscript, template, form,
// button, select, textarea, iframe, svg, comments, elements with a `hidden`
// attribute, and elements whose class or id names boilerplate (a part, split
// at '-', '_' and spaces, equal to ad, ads, advert, advertisement, banner,
// promo, sponsored, share, social, newsletter, related, comments, cookie,
// subscribe, breadcrumb, sidebar, menu). A <header> is dropped too when the
// content is the whole <body> (an article's own header holds its headline
// and is kept). Each block element (p, div, h1-h6, li, blockquote, tr, br,
// ...) ends a line; white space inside a line is collapsed to one space. When
// the content has no <h1>, the title (below) is the first line.
//
// Metadata, first found wins: <meta property|name=...> og:title, og:site_name,
// article:published_time, author; <link rel=canonical> (else og:url); then
// JSON-LD (<script type="application/ld+json">, an object, an array or an
// @graph): headline, datePublished, publisher.name, author.name, url; then
// <title>.
#ifndef ARGX_INPUT_HTML_H_
#define ARGX_INPUT_HTML_H_

#include <string>
#include <string_view>

#include "input/metadata.h"

namespace argx::input {

struct HtmlPage {
  std::string text;  // UTF-8, one line per block, each line ending in '\n'
  Metadata meta;
};

// Extracts `html` (UTF-8) into *out. Never fails: a page without text gives
// empty text (the caller decides whether that is an error).
void ExtractHtml(std::string_view html, HtmlPage* out);

}  // namespace argx::input

#endif  // ARGX_INPUT_HTML_H_
