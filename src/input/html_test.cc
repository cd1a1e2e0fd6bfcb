#include "input/html.h"

#include <gtest/gtest.h>

namespace argx::input {
namespace {

// A news page as sites serve them: navigation, a cookie banner, ads, scripts,
// a sidebar of related links, a footer, JSON-LD and Open Graph tags.
constexpr char kPage[] = R"(<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Deal struck in Brussels | The Daily Example</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="og:title" content="Deal struck in Brussels">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://daily.example/2024/03/deal">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle", "headline": "JSON-LD headline",
 "datePublished": "2024-03-04", "publisher": {"@type": "Organization", "name": "Daily Ex."}}
</script>
<style>body { font: 12px serif; }</style>
<script>var tracking = "France opposes tracking";</script>
</head><body>
<header class="site-header"><a href="/">The Daily Example</a> <nav><a>World</a> <a>Politics</a></nav></header>
<div class="cookie-banner">We use cookies. Accept?</div>
<div class="layout">
<article>
  <header><h1>Deal   struck in
  Brussels</h1><p class="byline">By Jane Roe</p></header>
  <div class="ad-slot">BUY NOW: cheap flights to Paris!</div>
  <p>France opposed the plan on Monday, <em>officials</em> said.</p>
  <!-- a comment that is not text -->
  <h2>Reactions</h2>
  <p>Germany supports the deal.<br>Italy stayed silent.</p>
  <aside><p>Related: the 2023 summit.</p></aside>
  <ul><li>First point</li><li>Second &amp; last point</li></ul>
  <form><input name="email"><button>Subscribe</button></form>
</article>
<aside class="sidebar"><p>Most read: something else entirely, a long paragraph of other text
that should never be taken because it sits in the sidebar of the page.</p></aside>
</div>
<footer><p>© 2024 The Daily Example. All rights reserved.</p></footer>
<script>document.write("ad");</script>
</body></html>
)";

TEST(HtmlTest, ArticleTextWithoutBoilerplate) {
  HtmlPage page;
  ExtractHtml(kPage, &page);
  EXPECT_EQ(page.text,
            "Deal struck in Brussels\n"
            "By Jane Roe\n"
            "France opposed the plan on Monday, officials said.\n"
            "Reactions\n"
            "Germany supports the deal.\n"
            "Italy stayed silent.\n"
            "First point\n"
            "Second & last point\n");
}

TEST(HtmlTest, MetaTagsWinOverJsonLdAndTitle) {
  HtmlPage page;
  ExtractHtml(kPage, &page);
  EXPECT_EQ(page.meta.title, "Deal struck in Brussels");
  EXPECT_EQ(page.meta.source, "The Daily Example");
  EXPECT_EQ(page.meta.date, "2024-03-05T09:30:00+01:00");
  EXPECT_EQ(page.meta.author, "Jane Roe");
  EXPECT_EQ(page.meta.url, "https://daily.example/2024/03/deal");
}

TEST(HtmlTest, JsonLdAndTitleFillWhatMetaTagsLack) {
  HtmlPage page;
  ExtractHtml(R"(<html><head><title> Plain   title </title>
<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},
 {"@type": "NewsArticle", "datePublished": "March 5, 2024", "publisher": {"name": "Wire"},
  "author": [{"@type": "Person", "name": "A"}, {"name": "B"}]}]}</script>
<script type="application/ld+json">{ broken json</script>
</head><body><main><p>Text of the main element.</p></main>
<div><p>Outside main.</p></div></body></html>)",
              &page);
  EXPECT_EQ(page.meta.title, "Plain title");
  EXPECT_EQ(page.meta.date, "2024-03-05");
  EXPECT_EQ(page.meta.source, "Wire");
  EXPECT_EQ(page.meta.author, "A; B");
  // No <h1> in the content: the title is its first line.
  EXPECT_EQ(page.text, "Plain title\nText of the main element.\n");
}

TEST(HtmlTest, DensestBlockWithoutArticleOrMain) {
  HtmlPage page;
  ExtractHtml(R"(<html><body>
<header><h1>Site name</h1></header>
<div id="menu"><p>Home</p><p>About</p></div>
<div class="content"><h1>Story</h1><p>The first paragraph of the story is long enough.</p>
<p>And a second one follows it.</p></div>
<div class="teasers"><p>Short teaser.</p></div>
</body></html>)",
              &page);
  EXPECT_EQ(
      page.text,
      "Story\nThe first paragraph of the story is long enough.\nAnd a second one follows it.\n");
}

TEST(HtmlTest, BodyWhenThereIsNoParagraph) {
  HtmlPage page;
  ExtractHtml("<header>Top</header>Just some text<br>on two lines<script>x()</script>", &page);
  EXPECT_EQ(page.text, "Just some text\non two lines\n");
  HtmlPage empty;
  ExtractHtml("", &empty);
  EXPECT_EQ(empty.text, "");
  EXPECT_TRUE(empty.meta.empty());
}

TEST(HtmlTest, LargestOfSeveralArticles) {
  HtmlPage page;
  ExtractHtml(R"(<body><article><p>Teaser.</p></article>
<article><h1>Main</h1><p>The real story, with more text.</p></article></body>)",
              &page);
  EXPECT_EQ(page.text, "Main\nThe real story, with more text.\n");
}

}  // namespace
}  // namespace argx::input
