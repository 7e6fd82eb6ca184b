using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Communique.Core;

namespace Communique.Ingest;

/// <summary>
/// The images of an article and their captions. A caption is, in order: the <c>&lt;figcaption&gt;</c> of the
/// image's <c>&lt;figure&gt;</c>; an element with a caption-like class ("caption", "wp-caption-text", "credit",
/// "legend", "image-description") right after the image or after its wrapper; the image's <c>title</c>.
/// Lazy-loaded sources (<c>data-src</c>, <c>srcset</c>) are read; icons, tracking pixels, data URIs and images
/// inside boilerplate are skipped.
/// </summary>
internal static partial class ArticleImages
{
    /// <summary>Most images kept per article.</summary>
    public const int MaxImages = 50;

    /// <summary>Images whose width or height attribute is at most this many pixels are icons or pixels.</summary>
    public const int MinSidePixels = 50;

    public static IReadOnlyList<ArticleImage> Collect(IEnumerable<IElement> parts, string? pageUrl, Func<IElement, bool> isBoilerplate)
    {
        var result = new List<ArticleImage>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            foreach (var img in part.QuerySelectorAll("img"))
            {
                if (result.Count >= MaxImages)
                {
                    return result;
                }

                if (IsSmall(img) || Ancestors(img, part).Any(isBoilerplate) || Source(img) is not { } source || Resolve(source, pageUrl) is not { } url || !seen.Add(url))
                {
                    continue;
                }

                result.Add(new ArticleImage(url, Clean(img.GetAttribute("alt")), Caption(img, part)));
            }
        }

        return result;
    }

    /// <summary>An absolute http(s) URL for <paramref name="source"/> (relative to the page when known); null for data: and script URLs.</summary>
    public static string? Resolve(string source, string? pageUrl)
    {
        source = source.Trim();
        if (source.Length == 0 || source.StartsWith("data:", StringComparison.OrdinalIgnoreCase) || source.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (Uri.TryCreate(source, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            return absolute.AbsoluteUri;
        }

        if (source.StartsWith("//", StringComparison.Ordinal))
        {
            return Uri.TryCreate("https:" + source, UriKind.Absolute, out var schemeless) ? schemeless.AbsoluteUri : null;
        }

        if (pageUrl is not null && Uri.TryCreate(pageUrl, UriKind.Absolute, out var page) && Uri.TryCreate(page, source, out var resolved) && resolved.Scheme is "http" or "https")
        {
            return resolved.AbsoluteUri;
        }

        return Uri.TryCreate(source, UriKind.Relative, out _) ? source : null; // no page address: keep the relative path
    }

    private static string? Source(IElement img)
    {
        foreach (var name in (ReadOnlySpan<string>)["data-src", "data-lazy-src", "data-original", "src"])
        {
            var value = img.GetAttribute(name);
            if (!string.IsNullOrWhiteSpace(value) && !value.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        // srcset: "a.jpg 480w, b.jpg 800w" — the first candidate.
        var srcset = img.GetAttribute("srcset") ?? img.GetAttribute("data-srcset");
        return string.IsNullOrWhiteSpace(srcset) ? null : srcset.Split(',')[0].Trim().Split(' ')[0];
    }

    private static bool IsSmall(IElement img)
    {
        static bool Tiny(string? value) => int.TryParse(value?.Trim().TrimEnd('x', 'p'), out var pixels) && pixels <= MinSidePixels;
        return Tiny(img.GetAttribute("width")) || Tiny(img.GetAttribute("height"));
    }

    private static IEnumerable<IElement> Ancestors(IElement element, IElement stop)
    {
        for (var e = element.ParentElement; e is not null && e != stop; e = e.ParentElement)
        {
            yield return e;
        }
    }

    private static string? Caption(IElement img, IElement part)
    {
        // <figure><img><figcaption>…</figcaption></figure>
        var figure = Ancestors(img, part).FirstOrDefault(e => e.LocalName == "figure");
        if (figure?.QuerySelector("figcaption") is { } figcaption && Clean(figcaption.TextContent) is { } text)
        {
            return text;
        }

        // An element with a caption class after the image, its link or picture, or its wrapper (two levels up).
        var node = img;
        for (var level = 0; level < 3 && node is not null && node != part; level++)
        {
            for (var sibling = node.NextElementSibling; sibling is not null; sibling = sibling.NextElementSibling)
            {
                if (sibling.LocalName == "img" || sibling.QuerySelector("img") is not null)
                {
                    break; // the next image's caption
                }

                if ((sibling.LocalName == "figcaption" || CaptionClass().IsMatch(sibling.ClassName ?? string.Empty)) && Clean(sibling.TextContent) is { } caption)
                {
                    return caption;
                }

                if (sibling.QuerySelector("figcaption, [class*=caption]") is { } inner && Clean(inner.TextContent) is { } nested)
                {
                    return nested;
                }
            }

            node = node.ParentElement;
            if (node?.QuerySelectorAll("img").Length > 1)
            {
                break; // a gallery: captions further out belong to other images
            }
        }

        return Clean(img.GetAttribute("title"));
    }

    private static string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var collapsed = HtmlArticleExtractor.Collapse(text);
        return collapsed.Length == 0 ? null : collapsed.Length > 500 ? collapsed[..500] : collapsed;
    }

    [GeneratedRegex(@"caption|credit|legend|image-desc|img-desc|photo-desc|image-text", RegexOptions.IgnoreCase)]
    private static partial Regex CaptionClass();
}
