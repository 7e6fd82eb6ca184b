using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Communique.Ingest;

/// <summary>
/// Publication dates a page shows outside its structured metadata: <c>"datePublished"</c> keys in inline
/// scripts, <c>&lt;time&gt;</c> elements without a <c>datetime</c>, and printed date lines ("3. Juli 2018",
/// "3 juillet 2018", "martes 17 de marzo de 2020", "3 июля 2018", "July 3, 2018", "03.07.2018") in
/// date-marked elements or next to the headline. Dates after today are never taken, nor "updated" lines.
/// </summary>
internal static partial class PublicationDates
{
    /// <summary>Month names (and common abbreviations) in the languages of the pages the product reads.</summary>
    private static readonly FrozenDictionary<string, int> Months = BuildMonths();

    private static FrozenDictionary<string, int> BuildMonths()
    {
        string[][] names =
        [
            ["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "januari", "января", "январь", "янв", "يناير", "كانون الثاني"],
            ["february", "feb", "februar", "feber", "février", "févr", "fevrier", "febrero", "fevereiro", "fev", "febbraio", "februari", "февраля", "февраль", "фев", "فبراير", "شباط"],
            ["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "марта", "март", "мар", "مارس", "آذار"],
            ["april", "apr", "avril", "avr", "abril", "abr", "aprile", "апреля", "апрель", "апр", "أبريل", "ابريل", "إبريل", "نيسان"],
            ["may", "mai", "mayo", "maio", "maggio", "mei", "мая", "май", "مايو", "أيار", "ايار"],
            ["june", "jun", "juni", "juin", "junio", "junho", "giugno", "июня", "июнь", "يونيو", "يونيه", "حزيران"],
            ["july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "июля", "июль", "يوليو", "يوليه", "تموز"],
            ["august", "aug", "août", "aout", "agosto", "ago", "augustus", "августа", "август", "авг", "أغسطس", "اغسطس", "آب"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro", "set", "settembre", "сентября", "сентябрь", "сен", "سبتمبر", "أيلول", "ايلول"],
            ["october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott", "октября", "октябрь", "окт", "أكتوبر", "اكتوبر", "تشرين الأول"],
            ["november", "nov", "novembre", "noviembre", "novembro", "ноября", "ноябрь", "ноя", "نوفمبر", "تشرين الثاني"],
            ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dezembro", "dicembre", "декабря", "декабрь", "дек", "ديسمبر", "كانون الأول"],
        ];
        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < names.Length; i++)
        {
            foreach (var name in names[i])
            {
                map[name] = i + 1;
            }
        }

        return map.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Reads the first plausible date written in <paramref name="text"/> (not after <paramref name="latest"/>).</summary>
    /// <param name="text">Text such as "3. Juli 2018", "3 de julio de 2018", "July 3, 2018" or "03.07.2018".</param>
    /// <param name="latest">The latest acceptable date (a page cannot be published after it was read).</param>
    /// <param name="dayFirst">Whether an ambiguous "03/07/2018" is day-first (most languages but English).</param>
    internal static DateOnly? InText(string text, DateOnly latest, bool dayFirst = true)
    {
        if (!HasYear(text))
        {
            return null; // every form read here has a four-digit year; most text has none, and the pattern is costly
        }

        foreach (Match m in WrittenDate().Matches(text))
        {
            var g = m.Groups;
            int? year = null, month = null, day = null;
            if (g["d1"].Success)
            {
                (day, month, year) = (Int(g["d1"].Value), MonthOf(g["m1"].Value, g["m1b"].Value), Int(g["y1"].Value));
            }
            else if (g["d2"].Success)
            {
                (day, month, year) = (Int(g["d2"].Value), MonthOf(g["m2"].Value, string.Empty), Int(g["y2"].Value));
            }
            else if (g["y3"].Success)
            {
                (year, month, day) = (Int(g["y3"].Value), Int(g["m3"].Value), Int(g["d3"].Value));
            }
            else if (g["d4"].Success)
            {
                (day, month, year) = (Int(g["d4"].Value), Int(g["m4"].Value), Int(g["y4"].Value));
            }
            else if (g["a5"].Success)
            {
                var (a, b) = (Int(g["a5"].Value), Int(g["b5"].Value));
                year = Int(g["y5"].Value);
                (day, month) = a > 12 ? (a, b) : b > 12 ? (b, a) : dayFirst ? (a, b) : (b, a);
            }

            if (Valid(year, month, day, latest) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="text"/> is a date line: a date, maybe a time, and at most four other words.</summary>
    internal static bool IsDateLine(string text)
    {
        if (InText(text, DateOnly.MaxValue) is null)
        {
            return false;
        }

        var rest = ClockTime().Replace(WrittenDate().Replace(text, " "), " ");
        return Word().Count(rest) <= 4;
    }

    /// <summary>A <c>"datePublished"</c>-like key with an ISO date in an inline script (outside JSON-LD).</summary>
    internal static DateOnly? InScripts(IDocument document, DateOnly latest)
    {
        foreach (var script in document.QuerySelectorAll("script"))
        {
            if (script.GetAttribute("type") is { } type && type.Contains("ld+json", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var m = ScriptDate().Match(script.TextContent);
            if (m.Success && Valid(Int(m.Groups[1].Value), Int(m.Groups[2].Value), Int(m.Groups[3].Value), latest) is { } date)
            {
                return date;
            }
        }

        return null;
    }

    /// <summary>
    /// A printed publication date: a <c>&lt;time&gt;</c> or date-marked element, or a short line right after
    /// the headline, that holds a date, nearest the headline first; sidebars, comments, related lists and
    /// "updated" lines are skipped.
    /// </summary>
    internal static DateOnly? Printed(IDocument document, DateOnly latest)
    {
        var body = document.Body;
        if (body is null)
        {
            return null;
        }

        var dayFirst = !(document.DocumentElement.GetAttribute("lang") ?? string.Empty).StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var all = body.QuerySelectorAll("*").ToList();
        var headline = all.FindIndex(e => e.LocalName == "h1");
        var best = (Distance: int.MaxValue, Date: (DateOnly?)null);
        for (var i = 0; i < all.Count; i++)
        {
            var e = all[i];
            var marked = e.LocalName == "time" || DateMarker().IsMatch(Marker(e));
            var afterHeadline = headline >= 0 && i > headline && i - headline <= 12;
            if (!marked && !afterHeadline)
            {
                continue;
            }

            // Only a line: short, and no block children that would hold the date themselves.
            var text = e.TextContent;
            if (text.Length > 200 || e.Children.Any(c => c.LocalName is "p" or "div" or "li" or "time" or "section" or "article"))
            {
                continue;
            }

            text = HtmlArticleExtractor.Collapse(text);
            if (text.Length is < 6 or > 120 || Updated().IsMatch(text) || (UpdatedMarker().IsMatch(Marker(e)) && !Marker(e).Contains("publish", StringComparison.Ordinal)) || InSideContent(e))
            {
                continue;
            }

            if (!marked && !StartsWithDate().IsMatch(text))
            {
                continue; // an unmarked line after the headline counts only when it is a date line
            }

            if (InText(text, latest, dayFirst) is { } date)
            {
                // Distance from the headline in elements; lines after it beat those before it (page headers
                // show today's date), and without a headline document order decides.
                var distance = headline < 0 ? i : i > headline ? i - headline : 2 * (headline - i) + 20;
                if (distance < best.Distance)
                {
                    best = (distance, date);
                }
            }
        }

        return best.Date;
    }

    private static bool HasYear(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = char.IsDigit(c) ? run + 1 : 0;
            if (run == 4)
            {
                return true;
            }
        }

        return false;
    }

    private static string Marker(IElement e) => ((e.ClassName ?? string.Empty) + " " + (e.Id ?? string.Empty) + " " + (e.GetAttribute("itemprop") ?? string.Empty)).ToLowerInvariant();

    private static bool InSideContent(IElement element)
    {
        for (var e = element; e is not null && e.LocalName != "body"; e = e.ParentElement)
        {
            if (e.LocalName is "aside" or "nav" or "footer" or "li" || SideMarker().IsMatch(Marker(e)))
            {
                return true;
            }
        }

        return false;
    }

    private static int? MonthOf(string name, string alternative)
    {
        var key = name.TrimEnd('.').Trim();
        if (Months.TryGetValue(key, out var month) || Months.TryGetValue(key.Split(' ')[0].TrimEnd('.'), out month))
        {
            return month;
        }

        return alternative.Length > 0 && Months.TryGetValue(alternative.TrimEnd('.').Trim(), out month) ? month : null;
    }

    private static int? Int(string digits)
    {
        if (digits.Length == 0)
        {
            return null;
        }

        var value = 0;
        foreach (var c in digits)
        {
            var d = (int)char.GetNumericValue(c); // Arabic-Indic and other decimal digits too
            if (d is < 0 or > 9)
            {
                return null;
            }

            value = (value * 10) + d;
        }

        return value;
    }

    private static DateOnly? Valid(int? year, int? month, int? day, DateOnly latest)
    {
        if (year is not { } y || month is not { } m || day is not { } d || y < 1990 || m is < 1 or > 12 || d < 1 || y > latest.Year || d > DateTime.DaysInMonth(y, m))
        {
            return null;
        }

        var date = new DateOnly(y, m, d);
        return date <= latest ? date : null;
    }

    private const string MonthWord = @"[\p{L}][\p{L}\p{Mn}]{1,11}\.?";

    // 1: "3. Juli 2018", "3 juillet 2018", "17 de marzo de 2020", "3 июля 2018 г.", "24 نيسان / أبريل 2020", "১৬ ফেব্রুয়ারি ২০২০" is not covered (no month table)
    // 2: "July 3, 2018", "Jul. 3 2018"
    // 3: "2018-07-03", "2018/07/03"
    // 4: "03.07.2018"
    // 5: "03/07/2018" (order decided by the page's language unless unambiguous)
    [GeneratedRegex(
        @"(?<!\d)(?<d1>\d{1,2})\.?\s*(?:de\s+)?(?<m1>" + MonthWord + @"(?:\s" + MonthWord + @")?)(?:\s*/\s*(?<m1b>" + MonthWord + @"))?\s*,?\s*(?:de\s+|del\s+)?(?<y1>\d{4})(?!\d)"
        + @"|(?<m2>" + MonthWord + @")\s+(?<d2>\d{1,2})(?:st|nd|rd|th)?,?\s+(?<y2>\d{4})(?!\d)"
        + @"|(?<!\d)(?<y3>\d{4})[-/](?<m3>\d{1,2})[-/](?<d3>\d{1,2})(?!\d)"
        + @"|(?<!\d)(?<d4>\d{1,2})\.(?<m4>\d{1,2})\.(?<y4>\d{4})(?!\d)"
        + @"|(?<!\d)(?<a5>\d{1,2})/(?<b5>\d{1,2})/(?<y5>\d{4})(?!\d)",
        RegexOptions.IgnoreCase)]
    private static partial Regex WrittenDate();

    [GeneratedRegex(@"""(?:datePublished|publishDate|publishedDate|published_at|publishedAt|date_published|publish_date|pubDate|firstPublishedDate|dateCreated)""\s*:\s*""(\d{4})-(\d{2})-(\d{2})")]
    private static partial Regex ScriptDate();

    [GeneratedRegex(@"date|datum|fecha|data|time|publish|posted|created|dateline|press_location")]
    private static partial Regex DateMarker();

    [GeneratedRegex(@"(^|[\s_-])(related|comments?|sidebar|widget|teaser|promo|recommend\w*|popular|most-read|more|footer|nav|menu|breadcrumbs?)([\s_-]|$)")]
    private static partial Regex SideMarker();

    [GeneratedRegex(@"^\W*(updated?|last\s+modified|modified|aktualisiert|geändert|actualizado|actualizada|mis\s+à\s+jour|atualizado|aggiornato|обновлено)", RegexOptions.IgnoreCase)]
    private static partial Regex Updated();

    [GeneratedRegex(@"(^|[\s_-])(updated?|modified|datemodified|last-?modified)([\s_-]|$)")]
    private static partial Regex UpdatedMarker();

    [GeneratedRegex(@"^\W{0,3}(\p{L}+,?\s+){0,2}\d")]
    private static partial Regex StartsWithDate();


    [GeneratedRegex(@"\d{1,2}[:h]\d{2}(:\d{2})?(\s*[ap]\.?m\.?)?", RegexOptions.IgnoreCase)]
    private static partial Regex ClockTime();

    [GeneratedRegex(@"\p{L}{2,}")]
    private static partial Regex Word();
}
