using System.Globalization;
using System.Text.RegularExpressions;
using Communique.Core;

namespace Communique.Ingest;

/// <summary>
/// Reads the optional header of a text document: either one line <c>date YYYY-MM-DD Title | site</c>, or a
/// block of <c>key: value</c> lines (url, site, date, title, language) ended by a blank line.
/// </summary>
public static partial class HeaderParser
{
    private static readonly string[] Keys = ["url", "site", "date", "published", "title", "language", "lang"];

    /// <summary>Splits the header from the body; the metadata carries what the header said.</summary>
    public static (string Body, DocumentMetadata Metadata, string? Warning) Parse(string text, DocumentMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(metadata);
        var firstLineEnd = text.IndexOf('\n', StringComparison.Ordinal);
        var firstLine = (firstLineEnd < 0 ? text : text[..firstLineEnd]).Trim().TrimStart('\uFEFF');
        var oneLine = OneLineHeader().Match(firstLine);
        if (oneLine.Success)
        {
            var body = firstLineEnd < 0 ? string.Empty : text[(firstLineEnd + 1)..];
            var warning = default(string);
            DateOnly? date = null;
            if (DateOnly.TryParseExact(oneLine.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                date = d;
            }
            else
            {
                warning = $"Header date '{oneLine.Groups["date"].Value}' is not a valid date; ignored.";
            }

            var title = oneLine.Groups["title"].Value.Trim();
            var site = oneLine.Groups["site"].Success ? oneLine.Groups["site"].Value.Trim() : null;
            return (body, metadata with { Published = date ?? metadata.Published, Title = title.Length > 0 ? title : metadata.Title, Site = site ?? metadata.Site }, warning);
        }

        var keyLine = KeyValueLine().Match(firstLine);
        if (keyLine.Success && Keys.Contains(keyLine.Groups["key"].Value.ToLowerInvariant()))
        {
            var position = 0;
            var result = metadata;
            string? warning = null;
            while (position < text.Length)
            {
                var end = text.IndexOf('\n', position);
                var line = (end < 0 ? text[position..] : text[position..end]).Trim();
                position = end < 0 ? text.Length : end + 1;
                if (line.Length == 0)
                {
                    break;
                }

                var match = KeyValueLine().Match(line);
                if (!match.Success)
                {
                    warning = $"Header line '{Shorten(line)}' is not 'key: value'; the header ends before it.";
                    position -= line.Length + 1;
                    break;
                }

                var value = match.Groups["value"].Value.Trim();
                switch (match.Groups["key"].Value.ToLowerInvariant())
                {
                    case "url":
                        result = result with { Url = value };
                        break;
                    case "site":
                        result = result with { Site = value };
                        break;
                    case "date" or "published":
                        if (DateOnly.TryParseExact(value.Length >= 10 ? value[..10] : value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        {
                            result = result with { Published = date };
                        }
                        else
                        {
                            warning = $"Header date '{Shorten(value)}' is not YYYY-MM-DD; ignored.";
                        }

                        break;
                    case "title":
                        result = result with { Title = value };
                        break;
                    case "language" or "lang":
                        result = result with { Language = value };
                        break;
                    default:
                        break;
                }
            }

            return (text[Math.Max(0, position)..], result, warning);
        }

        return (text, metadata, null);
    }

    private static string Shorten(string s) => s.Length <= 60 ? s : s[..57] + "...";

    [GeneratedRegex(@"^date\s+(?<date>\S+)\s+(?<title>.*?)(\s+\|\s+(?<site>[^\s|]+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex OneLineHeader();

    [GeneratedRegex(@"^(?<key>[A-Za-z]+)\s*:\s*(?<value>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueLine();
}
