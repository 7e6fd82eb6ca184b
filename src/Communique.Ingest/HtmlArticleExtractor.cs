using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Communique.Ingest;

/// <summary>An article read from a page: main text with paragraphs, and page metadata.</summary>
/// <param name="Text">Headline, a visible date line when the page has no machine-readable date, then the body.</param>
/// <param name="Title">Headline.</param>
/// <param name="Published">Publication date.</param>
/// <param name="Url">Canonical URL.</param>
/// <param name="Site">Host without www.</param>
/// <param name="Language">Page language.</param>
/// <param name="Body">The body alone, paragraphs separated by blank lines.</param>
public sealed record Article(string Text, string? Title, DateOnly? Published, string? Url, string? Site, string? Language, string Body)
{
    /// <summary>Byline: JSON-LD author, author meta tags, or the page's byline element.</summary>
    public string? Author { get; init; }

    /// <summary>The article's images in page order, each with its alt text and caption.</summary>
    public IReadOnlyList<Communique.Core.ArticleImage> Images { get; init; } = [];
}

/// <summary>Turns an HTML page into an article. Implementations are thread-safe.</summary>
public interface IArticleExtractor
{
    /// <summary>Extracts the article of <paramref name="html"/>; <paramref name="pageUrl"/> is where it came from, if known.</summary>
    Article Extract(string html, string? pageUrl);
}

/// <summary>
/// A simple, dependable extractor: metadata from JSON-LD, Open Graph and meta tags, <c>&lt;time&gt;</c> and
/// date-like elements; main text from <c>&lt;article&gt;</c> (or the element holding the most paragraph
/// text) with navigation, share buttons, related lists, cookie banners and footers removed. The ingest
/// issue's full extractor replaces it behind <see cref="IArticleExtractor"/>.
/// </summary>
public sealed partial class HtmlArticleExtractor : IArticleExtractor
{
    /// <summary>Meta tags that carry the publication date (not the modification date), most specific first.</summary>
    private static readonly string[] PublishedMeta =
    [
        "article:published_time", "og:published_time", "date", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
        "published_time", "datePublished", "DC.date.issued", "dc.date.issued", "dcterms.issued", "DC.date", "dc.date", "dcterms.created",
        "sailthru.date", "parsely-pub-date", "rnews:datePublished", "citation_publication_date",
    ];

    private static readonly string[] DropTags = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select", "template"];

    /// <inheritdoc />
    public Article Extract(string html, string? pageUrl)
    {
        ArgumentNullException.ThrowIfNull(html);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var jsonLd = ReadJsonLd(document);
        var url = pageUrl
                  ?? Attr(document, "link[rel=canonical]", "href")
                  ?? Attr(document, "meta[property='og:url']", "content")
                  ?? jsonLd.Url;
        var title = Attr(document, "meta[property='og:title']", "content")
                    ?? jsonLd.Headline
                    ?? document.QuerySelector("h1")?.TextContent.Trim()
                    ?? document.Title?.Trim();
        // A page is not published after it is read: later dates are typos or event dates, never taken.
        var latest = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(1);
        DateOnly? NotLater(DateOnly? date) => date <= latest ? date : null;
        var published = NotLater(jsonLd.Published)
                        ?? MetaDate(document, latest)
                        ?? NotLater(ParseIsoDate(document.QuerySelector("[itemprop~=datePublished][datetime], [itemprop~=datePublished][content]") is { } marked
                            ? marked.GetAttribute("datetime") ?? marked.GetAttribute("content") : null))
                        ?? NotLater(ParseIsoDate(document.QuerySelector("article time[datetime], main time[datetime], time[datetime]")?.GetAttribute("datetime")))
                        ?? PublicationDates.InScripts(document, latest)
                        ?? NotLater(DateInUrl(url))
                        ?? PublicationDates.Printed(document, latest);
        var language = document.DocumentElement.GetAttribute("lang")?.Split('-')[0].ToLowerInvariant();
        var author = jsonLd.Author
                     ?? Byline(Attr(document, "meta[name='author']", "content"))
                     ?? Byline(Attr(document, "meta[property='article:author']", "content"))
                     ?? Byline(Attr(document, "meta[name='byl']", "content"))
                     ?? Byline(document.QuerySelector("[itemprop=author] [itemprop=name], [itemprop=author], a[rel=author], [class~=byline], [class~=author-name], [class~=author]")?.TextContent);

        var scan = new PageScan(document);
        var root = PickRoot(document, scan);
        List<IElement> parts = root is null ? [] : WithSiblings(root, scan);
        IReadOnlyList<Communique.Core.ArticleImage> images = root is null ? [] : ArticleImages.Collect(parts, url, scan.IsBoilerplate);
        if (images.Count == 0 && Attr(document, "meta[property='og:image']", "content") is { } lead && ArticleImages.Resolve(lead, url) is { } leadUrl)
        {
            images = [new Communique.Core.ArticleImage(leadUrl, Attr(document, "meta[property='og:image:alt']", "content"), null)];
        }

        var builder = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(title))
        {
            builder.Append(Collapse(title)).Append("\n\n");
        }

        // A date line printed in the page's meta area, when no machine-readable date exists.
        if (published is null)
        {
            var dateLine = document.QuerySelectorAll("[class*=date], [class*=time], [class*=meta], [class*=posted], [class*=published]")
                .Select(e => Collapse(e.TextContent)).FirstOrDefault(t => t.Length is > 5 and < 80 && DigitYear().IsMatch(t));
            if (dateLine is not null)
            {
                builder.Append(dateLine).Append("\n\n");
            }
        }

        var bodyStart = builder.Length;
        if (root is not null)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var part in parts)
            {
                foreach (var tag in DropTags)
                {
                    foreach (var element in part.QuerySelectorAll(tag).ToList())
                    {
                        element.Remove();
                    }
                }

                // Picture captions and credits describe the pictures, not the story (images keep them).
                foreach (var element in part.QuerySelectorAll("figcaption, [class*=caption], [class*=credit]").ToList())
                {
                    element.Remove();
                }

                foreach (var element in part.QuerySelectorAll("*").Where(scan.IsBoilerplate).ToList())
                {
                    element.Remove();
                }

                AppendBlocks(part, builder, filter: true, seen);
            }
        }

        var text = builder.ToString().Trim();
        var body = builder.ToString(bodyStart, builder.Length - bodyStart).Trim();
        return new Article(text, title is null ? null : Collapse(title), published, url, MetadataOverrides.SiteOf(url), string.IsNullOrEmpty(language) ? null : language, body)
        {
            Author = author,
            Images = images,
        };
    }

    /// <summary>The first publication date among the page's meta tags (by property, name or itemprop), in <see cref="PublishedMeta"/> order; one pass over the tags.</summary>
    private static DateOnly? MetaDate(IDocument document, DateOnly latest)
    {
        var contents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var meta in document.QuerySelectorAll("meta[content]"))
        {
            var content = meta.GetAttribute("content")!;
            foreach (var key in new[] { meta.GetAttribute("property"), meta.GetAttribute("name"), meta.GetAttribute("itemprop") })
            {
                if (!string.IsNullOrEmpty(key) && !string.IsNullOrWhiteSpace(content))
                {
                    contents.TryAdd(key, content.Trim());
                }
            }
        }

        foreach (var key in PublishedMeta)
        {
            if (contents.TryGetValue(key, out var content) && ParseIsoDate(content) is { } date && date <= latest)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>Which elements the extractor takes the article from, as CSS-like paths (for users checking a page).</summary>
    public static IReadOnlyList<string> ExplainContainers(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var scan = new PageScan(document);
        var root = PickRoot(document, scan);
        return root is null ? [] : [.. WithSiblings(root, scan).Select(e => string.Join(" > ", e.Ancestors<IElement>().Reverse().Append(e).Select(Describe)))];
    }

    private static string Describe(IElement x) =>
        x.LocalName + (string.IsNullOrEmpty(x.Id) ? string.Empty : "#" + x.Id) + (string.IsNullOrEmpty(x.ClassName) ? string.Empty : "." + x.ClassName!.Replace(' ', '.'));

    /// <summary>The ancestors of the first element whose text contains <paramref name="needle"/>, each marked when it counts as boilerplate.</summary>
    public static IReadOnlyList<string> ExplainText(string html, string needle)
    {
        ArgumentNullException.ThrowIfNull(html);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var scan = new PageScan(document);
        var element = document.Body?.QuerySelectorAll("*").LastOrDefault(e => e.TextContent.Contains(needle, StringComparison.Ordinal) && e.Children.All(c => !c.TextContent.Contains(needle, StringComparison.Ordinal)));
        return element is null ? [] : [.. element.Ancestors<IElement>().Reverse().Append(element)
            .Select(x => (scan.IsBoilerplate(x) ? "[boilerplate] " : string.Empty) + Describe(x))];
    }

    /// <summary>Text of an HTML fragment (or plain text), one paragraph per block.</summary>
    public static string FragmentToText(string fragment)
    {
        ArgumentNullException.ThrowIfNull(fragment);
        if (!fragment.Contains('<', StringComparison.Ordinal))
        {
            return Collapse(System.Net.WebUtility.HtmlDecode(fragment));
        }

        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument("<html><body>" + fragment + "</body></html>");
        var builder = new StringBuilder();
        AppendBlocks(document.Body!, builder);
        return builder.ToString().Trim();
    }

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote", "pre", "figure", "figcaption",
        "h1", "h2", "h3", "h4", "h5", "h6", "header", "footer", "nav", "aside", "form", "dl", "dt", "dd",
    };

    /// <summary>A run of text in document order: the block element that owns it, its text, and how much of it is link text.</summary>
    private readonly record struct Paragraph(IElement Owner, string Text, int LinkChars);

    private static readonly HashSet<string> SkipTags = new(StringComparer.OrdinalIgnoreCase) { "script", "style", "noscript", "template", "svg", "iframe", "button", "select", "form", "nav", "aside", "footer" };

    /// <summary>
    /// Every paragraph under <paramref name="root"/>: block elements start new paragraphs, inline elements and
    /// text continue the current one, and two line breaks in a row end it (text written with &lt;br&gt;s).
    /// </summary>
    private static List<Paragraph> Paragraphs(IElement root)
    {
        var result = new List<Paragraph>();
        var buffer = new StringBuilder();
        var links = 0;
        void Flush(IElement owner)
        {
            foreach (var piece in buffer.ToString().Split("\u0001\u0001", StringSplitOptions.RemoveEmptyEntries))
            {
                var text = Collapse(piece.Replace('\u0001', ' '));
                if (text.Length > 0)
                {
                    result.Add(new Paragraph(owner, text, Math.Min(links, text.Length)));
                }
            }

            buffer.Clear();
            links = 0;
        }

        void Walk(INode node, IElement owner, bool inLink)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText textNode)
                {
                    buffer.Append(textNode.Data);
                    if (inLink)
                    {
                        links += textNode.Data.Trim().Length;
                    }
                }
                else if (child is IElement element)
                {
                    if (SkipTags.Contains(element.LocalName))
                    {
                        continue;
                    }

                    if (element.LocalName == "br")
                    {
                        buffer.Append('\u0001');
                    }
                    else if (BlockTags.Contains(element.LocalName))
                    {
                        Flush(owner);
                        Walk(element, element, false);
                        Flush(element);
                    }
                    else
                    {
                        Walk(element, owner, inLink || element.LocalName == "a");
                    }
                }
            }
        }

        Walk(root, root, false);
        Flush(root);
        return result;
    }

    private static double Score(Paragraph p) =>
        p.Text.Length < 25 ? 0 : Math.Max(0, p.Text.Length - (2 * p.LinkChars)) + (10 * p.Text.Count(c => c == ','));

    /// <summary>A paragraph that reads as running text: long enough, few links, not a list item.</summary>
    /// <summary>The element itself or its nearest ancestor with the tag <paramref name="localName"/> (a plain walk; <c>Closest</c> parses a selector each call).</summary>
    private static IElement? SelfOrAncestor(IElement element, string localName)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.LocalName == localName)
            {
                return e;
            }
        }

        return null;
    }

    private static bool IsProse(Paragraph p, int minLength) =>
        p.Text.Length >= minLength && p.LinkChars < p.Text.Length * 0.25 && SelfOrAncestor(p.Owner, "li") is null;

    private static IElement? PickRoot(IDocument document, PageScan scan)
    {
        // The page's own schema.org markup names the body: one visible itemprop="articleBody" with real text.
        var marked = document.QuerySelectorAll("[itemprop~=articleBody]").Where(e => !scan.InBoilerplate(e)).ToList();
        if (marked.Count == 1 && Paragraphs(marked[0]).Where(p => Score(p) > 0).Sum(p => p.Text.Length) > 200)
        {
            return marked[0];
        }

        // One <article> that clearly holds the most text is the article; several similar ones (comments,
        // teasers) are left to the scoring below. Text of <article>s nested in another is theirs, not the
        // outer one's: an <article> made of <article>s is a list of teasers.
        var all = document.QuerySelectorAll("article").Where(a => !scan.InBoilerplate(a))
            .Select(a => (Element: a, Length: Paragraphs(a).Where(p => Score(p) > 0 && SelfOrAncestor(p.Owner, "article") == a).Sum(p => p.Text.Length))).ToList();

        // Outermost <article>s first: one nested in another is a comment or a teaser under it.
        foreach (var candidates in new[] { all.Where(a => a.Element.ParentElement is not { } up || SelfOrAncestor(up, "article") is null), all })
        {
            var articles = candidates.OrderByDescending(a => a.Length).ToList();
            if (articles.Count > 0 && articles[0].Length > 200 && (articles.Count == 1 || articles[0].Length >= 2 * articles[1].Length))
            {
                return articles[0].Element;
            }
        }

        // Readability-style: each paragraph scores its text minus twice its link text; the score goes to the
        // element holding it (a <p>'s parent, or a container with text of its own) in full and one level up
        // by half; the best-scoring element holds the article.
        var body = document.Body ?? document.DocumentElement;
        var paragraphs = scan.BodyParagraphs.Where(p => Score(p) > 0 && !scan.InBoilerplate(p.Owner)).ToList();
        var scores = new Dictionary<IElement, double>();
        foreach (var p in paragraphs)
        {
            // List items are mostly teasers and menus: they count for little when looking for the article.
            var score = SelfOrAncestor(p.Owner, "li") is null ? Score(p) : Score(p) / 4;
            // A block with only inline content is a paragraph: its parent holds the article. A container with
            // text of its own between blocks holds it itself.
            var leaf = !p.Owner.Children.Any(c => BlockTags.Contains(c.LocalName));
            var target = leaf ? p.Owner.ParentElement : p.Owner;
            if (target is null)
            {
                continue;
            }

            scores[target] = scores.GetValueOrDefault(target) + score;
            if (target.ParentElement is { } up)
            {
                scores[up] = scores.GetValueOrDefault(up) + (score / 2);
            }
        }

        if (scores.Count == 0)
        {
            return body;
        }

        // Paragraphs split across sibling containers: climb while an ancestor holds clearly more article text.
        var best = scores.MaxBy(kv => kv.Value).Key;
        // Only prose counts here: teaser blurbs in lists and link-heavy snippets beside the article do not
        // make its parent the article.
        // Pages written in short paragraphs have no long ones: then every paragraph of 25 characters counts.
        var prose = paragraphs.Where(p => IsProse(p, 80)).ToList();
        if (!prose.Any(p => p.Owner == best || best.Contains(p.Owner)))
        {
            prose = [.. paragraphs.Where(p => IsProse(p, 25))];
        }

        double Total(IElement e) => prose.Where(p => p.Owner == e || e.Contains(p.Owner)).Sum(Score);
        var total = Total(best);
        var ancestor = best;
        for (var level = 0; level < 5 && ancestor.ParentElement is { } parent && parent != document.Body && parent != document.DocumentElement; level++)
        {
            ancestor = parent;
            var ancestorTotal = Total(ancestor);
            if (ancestorTotal >= total * 1.5 && ancestorTotal > total)
            {
                (best, total) = (ancestor, ancestorTotal);
            }
        }

        return best;
    }

    /// <summary>
    /// The chosen container and those of its siblings that also hold article text (paragraph text with few
    /// links, at least a quarter of the container's), in document order.
    /// </summary>
    private static List<IElement> WithSiblings(IElement root, PageScan scan)
    {
        var parts = new List<IElement> { root };
        if (root.ParentElement is not { } parent || root.LocalName is "article" or "body")
        {
            return parts;
        }

        double Content(IElement e) => Paragraphs(e).Where(p => !scan.IsBoilerplate(p.Owner) && IsProse(p, 25)).Sum(Score);

        var own = Content(root);
        foreach (var sibling in parent.Children)
        {
            if (sibling == root || scan.IsBoilerplate(sibling) || sibling.LocalName is "nav" or "aside" or "footer" or "header" or "form" or "script" or "style")
            {
                continue;
            }

            if (Content(sibling) >= Math.Max(100, own * 0.25))
            {
                parts.Add(sibling);
            }
        }

        return [.. parts.OrderBy(p => p.Index())];
    }

    /// <summary>
    /// Per-page facts the extractor asks for again and again: whether an element is boilerplate (memoised),
    /// and how much paragraph text each element holds, so that a layout wrapper whose class happens to say
    /// "header", "sidebar" or "pagination" but which holds most of the page's text is not thrown away.
    /// </summary>
    private sealed class PageScan
    {
        private readonly Dictionary<IElement, bool> boilerplate = [];
        private readonly Dictionary<IElement, bool> inBoilerplate = [];
        private readonly Dictionary<IElement, double> mass = [];
        private readonly double total;

        /// <summary>Every paragraph of the page's body, in document order.</summary>
        public List<Paragraph> BodyParagraphs { get; }

        public PageScan(IDocument document)
        {
            var body = document.Body ?? document.DocumentElement;
            BodyParagraphs = Paragraphs(body);
            foreach (var p in BodyParagraphs)
            {
                var score = Score(p);
                if (score <= 0)
                {
                    continue;
                }

                for (var e = p.Owner; e is not null; e = e.ParentElement)
                {
                    mass[e] = mass.GetValueOrDefault(e) + score;
                }
            }

            total = mass.GetValueOrDefault(body);
        }

        /// <summary>Whether the element itself is boilerplate: hidden, or marked so by its class/id/role, unless it holds most of the page's text.</summary>
        public bool IsBoilerplate(IElement element)
        {
            if (!boilerplate.TryGetValue(element, out var result))
            {
                result = IsHidden(element) || (MarkedAsBoilerplate(element, out var layoutLike) && !(layoutLike && mass.GetValueOrDefault(element) >= total * 0.5));
                boilerplate[element] = result;
            }

            return result;
        }

        /// <summary>Whether the element or one of its ancestors is boilerplate.</summary>
        public bool InBoilerplate(IElement element)
        {
            if (!inBoilerplate.TryGetValue(element, out var result))
            {
                result = IsBoilerplate(element) || (element.ParentElement is { } parent && InBoilerplate(parent));
                inBoilerplate[element] = result;
            }

            return result;
        }
    }

    /// <summary>Hidden from readers: the <c>hidden</c> attribute or an inline <c>display:none</c> / <c>visibility:hidden</c>.</summary>
    private static bool IsHidden(IElement element)
    {
        if (element.LocalName is "html" or "body")
        {
            return false;
        }

        if (element.HasAttribute("hidden"))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        return (style is not null && HiddenStyle().IsMatch(style)) || IsMicrodataOnly(element);
    }

    /// <summary>
    /// Schema.org microdata printed only for machines (themes hide it with CSS): an image, publisher, logo or
    /// page object with its own <c>itemscope</c>, or a bare URL or pixel size in a span.
    /// </summary>
    private static bool IsMicrodataOnly(IElement element)
    {
        if (element.LocalName is not ("span" or "div") || element.GetAttribute("itemprop") is not { } property)
        {
            return false;
        }

        return property.ToLowerInvariant() switch
        {
            "image" or "publisher" or "logo" or "mainentityofpage" => element.HasAttribute("itemscope"),
            "url" or "height" or "width" => element.LocalName == "span" && !element.Children.Any(),
            _ => false,
        };
    }

    /// <summary>
    /// Whether the element's class, id or role marks it as boilerplate; <paramref name="layoutLike"/> tells
    /// whether the marker could also describe a layout wrapper (anything but comments and related lists).
    /// </summary>
    private static bool MarkedAsBoilerplate(IElement element, out bool layoutLike)
    {
        var isMarked = MarkedAsBoilerplate(element);
        layoutLike = isMarked && !NeverLayoutMarker().IsMatch(((element.ClassName ?? string.Empty) + " " + (element.Id ?? string.Empty)).ToLowerInvariant());
        return isMarked;
    }

    private static bool MarkedAsBoilerplate(IElement element)
    {
        if (element.LocalName is "html" or "body")
        {
            return false; // page-wide classes ("nav-below-header") describe the layout, not the element
        }

        if (element.LocalName is "main" or "article")
        {
            var mark = ((element.ClassName ?? string.Empty) + " " + (element.Id ?? string.Empty)).ToLowerInvariant();
            return BoilerplateMarker().IsMatch(mark); // a comment is an <article> too
        }

        var marker = ((element.ClassName ?? string.Empty) + " " + (element.Id ?? string.Empty)).ToLowerInvariant();
        if (marker.Trim().Length == 0)
        {
            return element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" || element.GetAttribute("aria-hidden") == "true";
        }

        // As Readability does: a marker that also says "content" or "article" keeps the element.
        return BoilerplateMarker().IsMatch(marker) || (WeakBoilerplateMarker().IsMatch(marker) && !ContentMarker().IsMatch(marker));
    }

    private static void AppendBlocks(IElement root, StringBuilder builder, bool filter = false, HashSet<string>? seen = null)
    {
        var written = builder.ToString();
        foreach (var p in Paragraphs(root))
        {
            if ((p.Owner.LocalName == "h1" && written.Contains(p.Text, StringComparison.Ordinal)) || (filter && IsNoise(p)))
            {
                continue;
            }

            // A caption or box printed again (slide shows, galleries) is written once; repeated <p>s are kept.
            if (seen is not null && p.Text.Length >= 20 && p.Owner.LocalName != "p" && !seen.Add(p.Text))
            {
                continue;
            }

            builder.Append(p.Text).Append("\n\n");
        }

        if (builder.Length == written.Length && !filter)
        {
            builder.Append(Collapse(root.TextContent));
        }
    }

    /// <summary>Link lists and short fragments that are not sentences ("Share", "Read more", "Advertisement").</summary>
    private static bool IsNoise(Paragraph p)
    {
        var text = p.Text;
        if (p.LinkChars > text.Length * 0.5 && text.Length < 300)
        {
            return true;
        }

        if (text.Length < 80 && PublicationDates.IsDateLine(text))
        {
            return true; // "Friday, 22 October 2010 at 20:13", "Updated 5:27 am, November 20, 2019"
        }

        if (PageNumbers().IsMatch(text) || ScriptNotice().IsMatch(text) || Shortcode().IsMatch(text))
        {
            return true; // "1 2 3 4 5", "This slideshow requires JavaScript.", "[button link=…]Send us…[/button]"
        }

        // Headings and table cells are short by nature; so are sentences that end in CJK punctuation.
        var exempt = p.Owner.LocalName is "h2" or "h3" or "h4" or "h5" or "h6" or "td" or "th";
        return !exempt && text.Length < 30 && !".!?:\"'”’)。！？」』）…".Contains(text[^1], StringComparison.Ordinal) && !text.Any(char.IsDigit);
    }

    /// <summary>Runs of white space as one space, trimmed: how the extractor's texts are compared and written.</summary>
    internal static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    private static string? Attr(IDocument document, string selector, string attribute)
    {
        var value = document.QuerySelector(selector)?.GetAttribute(attribute)?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static DateOnly? ParseIsoDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var match = IsoDate().Match(value);
        return match.Success && DateOnly.TryParseExact(match.Value.Replace('/', '-'), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
               && date.Year is >= 1900 and <= 2200 ? date : null;
    }

    /// <summary>A full date in the page's URL: "/2025/09/30/", "/2025-09-30-", "20030331_" (years 1990 to next year).</summary>
    internal static DateOnly? DateInUrl(string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }

        foreach (Match m in UrlDate().Matches(uri.AbsolutePath))
        {
            var g = m.Groups;
            var (y, mo, d) = g[1].Success ? (g[1].Value, g[2].Value, g[3].Value) : (g[4].Value, g[5].Value, g[6].Value);
            if (int.TryParse(y, CultureInfo.InvariantCulture, out var year) && year >= 1990 && year <= DateTime.UtcNow.Year + 1
                && int.TryParse(mo, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
                && int.TryParse(d, CultureInfo.InvariantCulture, out var day) && day >= 1 && day <= DateTime.DaysInMonth(year, month))
            {
                return new DateOnly(year, month, day);
            }
        }

        return null;
    }

    [GeneratedRegex(@"(?<![0-9])(\d{4})[/\-_](\d{1,2})[/\-_](\d{1,2})(?![0-9])|(?<![0-9])(\d{4})(\d{2})(\d{2})(?![0-9])")]
    private static partial Regex UrlDate();

    /// <summary>A byline cleaned: "By Jane Doe | 3 May" → "Jane Doe"; URLs and long texts are not names.</summary>
    internal static string? Byline(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = Collapse(value);
        text = BylineSeparator().Split(text)[0].Trim();
        text = BylinePrefix().Replace(text, string.Empty).Trim().TrimEnd(',', ';', ':');
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return text.Length < 3 || text.Length > 100 || words > 10 || text.Contains("://", StringComparison.Ordinal) || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase)
            ? null : text;
    }

    private static string? JsonLdAuthor(JsonElement article)
    {
        if (!article.TryGetProperty("author", out var author))
        {
            return null;
        }

        static string? NameOf(JsonElement e) => e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Object when e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
            _ => null,
        };

        var names = author.ValueKind == JsonValueKind.Array
            ? author.EnumerateArray().Select(NameOf).Select(Byline).OfType<string>().Distinct().Take(5).ToList()
            : [.. new[] { Byline(NameOf(author)) }.OfType<string>()];
        return names.Count == 0 ? null : string.Join(", ", names);
    }

    private static (string? Headline, DateOnly? Published, string? Url, string? Author) ReadJsonLd(IDocument document)
    {
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 32 });
                var found = FindArticle(json.RootElement, 0);
                if (found is { } article)
                {
                    string? Get(string name) => article.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                    return (Get("headline"), ParseIsoDate(Get("datePublished")), Get("url") ?? Get("mainEntityOfPage"), JsonLdAuthor(article));
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the page's other metadata still counts.
            }
        }

        return (null, null, null, null);
    }

    private static JsonElement? FindArticle(JsonElement element, int depth)
    {
        if (depth > 8)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (FindArticle(item, depth + 1) is { } found)
                {
                    return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("datePublished", out _) || element.TryGetProperty("headline", out _))
            {
                return element;
            }

            if (element.TryGetProperty("@graph", out var graph))
            {
                return FindArticle(graph, depth + 1);
            }
        }

        return null;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"display\s*:\s*none|visibility\s*:\s*hidden", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenStyle();

    [GeneratedRegex(@"^\d{1,3}(\s+\d{1,3}){2,}$")]
    private static partial Regex PageNumbers();

    [GeneratedRegex(@"^.{0,60}\b(requires?|enable|turn on)\s+javascript\b.{0,40}$", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptNotice();

    [GeneratedRegex(@"^\[([a-z_]+)\b[^\]]*\].*\[/\1\]$", RegexOptions.IgnoreCase)]
    private static partial Regex Shortcode();

    [GeneratedRegex(@"comment|related")]
    private static partial Regex NeverLayoutMarker();

    [GeneratedRegex(@"^(written\s+by|posted\s+by|by|author:|autor:|от|автор:?)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex BylinePrefix();

    [GeneratedRegex(@"\s+[|•·—–]\s+|\s+-\s+|\s*\n|\s+@|\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d|\s+\d{1,4}[/.\-]\d|\s+(updated|published|posted)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BylineSeparator();

    [GeneratedRegex(@"article|body|content|main|story|entry|post-|text|column")]
    private static partial Regex ContentMarker();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex DigitYear();

    [GeneratedRegex(@"(^|[\s_-])(share|sharing|social|related|cookie|cookies|consent|breadcrumbs?|comments?|subscribe|newsletter|advert|promo|print|skip|pagination|tags|views|counter|all-news|cta|donate|donation|trending|most-read|mostread|popular|rollover|tooltip|popover|hovercard)([\s_-]|$)")]
    private static partial Regex BoilerplateMarker();

    [GeneratedRegex(@"(^|[\s_-])(nav|navbar|menu|banner|footer|header|sidebar|lang|language|languages|switcher|search|col-side|region-top|site-branding)([\s_-]|$)")]
    private static partial Regex WeakBoilerplateMarker();
}
