using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Communique.Core;

namespace Communique.Ingest;

/// <summary>One item of a feed, turned into text: title, then summary and content as paragraphs.</summary>
public sealed record FeedItem(string Text, string? Title, string? Link, DateOnly? Published, string? Language);

/// <summary>
/// Reads RSS 2.0 and Atom feeds into items. Descriptions and content may be plain text, escaped HTML or
/// CDATA HTML. DTDs are refused and the document size is bounded by the reader's limits.
/// </summary>
public static partial class FeedReader
{
    /// <summary>True when the text starts like an RSS or Atom document.</summary>
    public static bool LooksLikeFeed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var head = text.Length > 2048 ? text[..2048] : text;
        return head.Contains("<rss", StringComparison.OrdinalIgnoreCase) || head.Contains("<feed", StringComparison.OrdinalIgnoreCase)
               || head.Contains("<rdf:RDF", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses a feed.</summary>
    /// <exception cref="CommuniqueException">CQ2006 when the XML is malformed or not a feed.</exception>
    public static IReadOnlyList<FeedItem> Parse(string xml, string source)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64L * 1024 * 1024 });
            document = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw new CommuniqueException(ErrorCatalog.UnsupportedFormat, $"'{source}' is not a well-formed feed: {ex.Message}", source, "Check the feed; broken feeds are skipped.", ex);
        }

        var root = document.Root ?? throw new CommuniqueException(ErrorCatalog.UnsupportedFormat, $"'{source}' has no root element.", source);
        var language = root.Attributes().FirstOrDefault(a => a.Name.LocalName == "lang")?.Value
                       ?? root.Descendants().FirstOrDefault(e => e.Name.LocalName == "language")?.Value;
        language = language?.Split('-')[0].ToLowerInvariant();
        var items = root.Descendants().Where(e => e.Name.LocalName is "item" or "entry").ToList();
        if (items.Count == 0 && root.Name.LocalName is not ("rss" or "feed" or "RDF"))
        {
            throw new CommuniqueException(ErrorCatalog.UnsupportedFormat, $"'{source}' is XML but not an RSS or Atom feed.", source, "Give an RSS 2.0 or Atom feed.");
        }

        var result = new List<FeedItem>(items.Count);
        foreach (var item in items)
        {
            string? Child(params string[] names) => item.Elements().FirstOrDefault(e => names.Contains(e.Name.LocalName))?.Value.Trim();
            var title = Child("title");
            var link = item.Elements().Where(e => e.Name.LocalName == "link")
                .Select(e => e.Attribute("href")?.Value ?? e.Value).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
            var date = ParseDate(Child("pubDate", "published", "date", "issued") ?? Child("updated"));
            var summary = Child("description", "summary");
            var content = Child("encoded", "content");
            var parts = new List<string>();
            if (!string.IsNullOrWhiteSpace(title))
            {
                parts.Add(title);
            }

            foreach (var fragment in new[] { summary, content })
            {
                if (string.IsNullOrWhiteSpace(fragment))
                {
                    continue;
                }

                var text = HtmlArticleExtractor.FragmentToText(fragment);
                if (text.Length > 0 && !parts.Any(p => p.Contains(text, StringComparison.Ordinal)))
                {
                    parts.Add(text);
                }
            }

            result.Add(new FeedItem(string.Join("\n\n", parts), title, link, date, language));
        }

        return result;
    }

    private static DateOnly? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // The date as written in the feed's own time zone: "Fri, 03 Oct 2025 17:40:00 +0300" → 2025-10-03.
        var iso = IsoDate().Match(value);
        if (iso.Success)
        {
            return DateOnly.ParseExact(iso.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var rfc = RfcDate().Match(value);
        if (rfc.Success && DateOnly.TryParseExact($"{rfc.Groups[1].Value.PadLeft(2, '0')} {rfc.Groups[2].Value} {rfc.Groups[3].Value}", "dd MMM yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return null;
    }

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})")]
    private static partial Regex RfcDate();
}
