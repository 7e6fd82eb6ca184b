using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Communique.Ingest;

/// <summary>An article read from a page: main text with paragraphs, and page metadata.</summary>
public sealed record Article(string Text, string? Title, DateOnly? Published, string? Url, string? Site, string? Language);

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
        var published = jsonLd.Published
                        ?? ParseIsoDate(Attr(document, "meta[property='article:published_time']", "content"))
                        ?? ParseIsoDate(Attr(document, "meta[name='date']", "content"))
                        ?? ParseIsoDate(Attr(document, "meta[name='pubdate']", "content"))
                        ?? ParseIsoDate(Attr(document, "meta[itemprop='datePublished']", "content"))
                        ?? ParseIsoDate(Attr(document, "meta[name='DC.date.issued']", "content"))
                        ?? ParseIsoDate(document.QuerySelector("article time[datetime], main time[datetime], time[datetime]")?.GetAttribute("datetime"));
        var language = document.DocumentElement.GetAttribute("lang")?.Split('-')[0].ToLowerInvariant();

        var root = PickRoot(document);
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

        if (root is not null)
        {
            foreach (var tag in DropTags)
            {
                foreach (var element in root.QuerySelectorAll(tag).ToList())
                {
                    element.Remove();
                }
            }

            foreach (var element in root.QuerySelectorAll("*").Where(IsBoilerplate).ToList())
            {
                element.Remove();
            }

            AppendBlocks(root, builder);
        }

        var text = builder.ToString().Trim();
        return new Article(text, title is null ? null : Collapse(title), published, url, MetadataOverrides.SiteOf(url), string.IsNullOrEmpty(language) ? null : language);
    }

    private static IElement? PickRoot(IDocument document)
    {
        var article = document.QuerySelectorAll("article").OrderByDescending(a => ParagraphText(a)).FirstOrDefault();
        if (article is not null && ParagraphText(article) > 200)
        {
            return article;
        }

        // The block holding the most text in paragraphs, not counting text inside links.
        IElement? best = null;
        var bestScore = 0.0;
        foreach (var element in document.QuerySelectorAll("div, section, main, td"))
        {
            if (IsBoilerplate(element))
            {
                continue;
            }

            var direct = element.Children.Where(c => c.LocalName is "p" or "h2" or "h3" or "blockquote" or "ul" or "ol").Sum(c => c.TextContent.Length);
            var links = element.QuerySelectorAll("a").Sum(a => a.TextContent.Length);
            var score = direct - (0.5 * links);
            if (score > bestScore)
            {
                (best, bestScore) = (element, score);
            }
        }

        if (best is not null)
        {
            return best;
        }

        return document.Body;
    }

    private static int ParagraphText(IElement element) => element.QuerySelectorAll("p").Sum(p => p.TextContent.Length);

    private static bool IsBoilerplate(IElement element)
    {
        var marker = ((element.ClassName ?? string.Empty) + " " + (element.Id ?? string.Empty)).ToLowerInvariant();
        if (marker.Trim().Length == 0)
        {
            return element.GetAttribute("role") is "navigation" or "banner" or "contentinfo" || element.GetAttribute("aria-hidden") == "true";
        }

        return BoilerplateMarker().IsMatch(marker);
    }

    private static void AppendBlocks(IElement root, StringBuilder builder)
    {
        var blocks = root.QuerySelectorAll("p, h1, h2, h3, h4, h5, h6, li, figcaption, blockquote, pre, td").ToList();
        if (blocks.Count == 0)
        {
            builder.Append(Collapse(root.TextContent));
            return;
        }

        foreach (var block in blocks)
        {
            // Nested blocks (p inside li, p inside blockquote) are written once, by the innermost.
            if (block.QuerySelector("p, li, blockquote, figcaption") is not null && block.LocalName is "li" or "blockquote" or "td")
            {
                continue;
            }

            if (block.LocalName == "h1" && builder.ToString().Contains(Collapse(block.TextContent), StringComparison.Ordinal))
            {
                continue;
            }

            var text = Collapse(block.TextContent);
            if (text.Length > 0)
            {
                builder.Append(text).Append("\n\n");
            }
        }
    }

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

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
        return match.Success && DateOnly.TryParseExact(match.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
    }

    private static (string? Headline, DateOnly? Published, string? Url) ReadJsonLd(IDocument document)
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
                    return (Get("headline"), ParseIsoDate(Get("datePublished")), Get("url") ?? Get("mainEntityOfPage"));
                }
            }
            catch (JsonException)
            {
                // Broken JSON-LD is common; the page's other metadata still counts.
            }
        }

        return (null, null, null);
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

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(19|20)\d\d\b")]
    private static partial Regex DigitYear();

    [GeneratedRegex(@"(^|[\s_-])(nav|navbar|menu|breadcrumbs?|share|sharing|social|related|cookie|consent|banner|footer|header|sidebar|widget|subscribe|newsletter|lang|language|languages|switcher|views|counter|tags|comments?|pagination|print|skip|search|advert|promo|col-side|all-news|region-top|site-branding)([\s_-]|$)")]
    private static partial Regex BoilerplateMarker();
}
