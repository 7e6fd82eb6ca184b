using System.Runtime.CompilerServices;
using System.Text;
using System.Xml;
using AngleSharp.Html.Parser;
using Communique.Core;

namespace Communique.Ingest.Web;

/// <summary>What to follow from the URLs given.</summary>
public enum Follow
{
    /// <summary>Only the URLs given (a feed gives its items' own text).</summary>
    None,

    /// <summary>Fetch the page each feed item links to.</summary>
    Feeds,

    /// <summary>Read sitemaps (and sitemap indexes, news sitemaps) and fetch their pages.</summary>
    Sitemaps,

    /// <summary>Follow links on the same host, breadth first, to <see cref="CrawlOptions.MaxDepth"/>.</summary>
    Links,
}

/// <summary>Bounds of a crawl.</summary>
public sealed record CrawlOptions
{
    /// <summary>What to follow.</summary>
    public Follow Follow { get; init; } = Follow.None;

    /// <summary>Most documents yielded.</summary>
    public int MaxDocuments { get; init; } = 1000;

    /// <summary>Link depth for <see cref="Follow.Links"/>.</summary>
    public int MaxDepth { get; init; } = 2;

    /// <summary>Skip sitemap entries and feed items dated before this day.</summary>
    public DateOnly? Since { get; init; }

    /// <summary>Candidates for near-duplicates: SimHashes (64 bits over word 3-grams) differing in at most this many bits.</summary>
    public int NearDuplicateBits { get; init; } = 12;

    /// <summary>A candidate is a near-duplicate when the Jaccard similarity of the two texts' word 3-gram sets is at least this.</summary>
    public double NearDuplicateJaccard { get; init; } = 0.85;
}

/// <summary>
/// Turns URLs into documents through the <see cref="PoliteFetcher"/>: pages, RSS/Atom feeds (items, or the
/// pages they link to), sitemaps, and same-host link crawls bounded by depth, count and date. URLs are
/// normalised (tracking parameters, fragments, trailing slashes, www./m./mirror. hosts) and seen once; texts
/// that repeat exactly or nearly (SimHash) are reported as duplicates instead of yielded again. Every failure
/// is a <see cref="ReadResult"/> error for that URL only.
/// </summary>
public sealed class Crawler(PoliteFetcher fetcher, SourceReader reader, CrawlOptions? options = null)
{
    private readonly CrawlOptions _options = options ?? new CrawlOptions();

    /// <summary>Documents (or errors) from the given URLs, in discovery order.</summary>
    public async IAsyncEnumerable<ReadResult> CrawlAsync(IEnumerable<Uri> seeds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var queue = new Queue<(Uri Url, int Depth, bool FromFeed)>(seeds.Select(s => (s, 0, false)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var fingerprints = new List<(ulong Hash, ulong[] Shingles)>();
        var exact = new HashSet<string>(StringComparer.Ordinal);
        var yielded = 0;
        while (queue.Count > 0 && yielded < _options.MaxDocuments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (url, depth, fromFeed) = queue.Dequeue();
            if (!seen.Add(UrlNormalizer.Normalize(url)))
            {
                continue;
            }

            FetchResult fetched;
            CommuniqueException? error = null;
            try
            {
                fetched = await fetcher.FetchAsync(url, cancellationToken).ConfigureAwait(false);
            }
            catch (CommuniqueException ex)
            {
                error = ex;
                fetched = null!;
            }

            if (error is not null)
            {
                yielded++;
                yield return ReadResult.Fail(url.ToString(), error);
                continue;
            }

            var media = fetched.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
            var head = Encoding.UTF8.GetString(fetched.Body, 0, Math.Min(fetched.Body.Length, 2048));
            if (IsSitemap(media, head))
            {
                foreach (var (loc, isIndex) in Sitemap(fetched.Body, url))
                {
                    queue.Enqueue((loc, isIndex ? depth : depth + 1, false));
                }

                continue;
            }

            var isFeed = FeedReader.LooksLikeFeed(head) && media is not ("text/html" or "application/xhtml+xml");
            if (isFeed && _options.Follow == Follow.Feeds)
            {
                var xml = Encoding.UTF8.GetString(fetched.Body);
                IReadOnlyList<FeedItem> items;
                try
                {
                    items = FeedReader.Parse(xml, url.ToString());
                }
                catch (CommuniqueException ex)
                {
                    error = ex;
                    items = [];
                }

                if (error is not null)
                {
                    yield return ReadResult.Fail(url.ToString(), error);
                    continue;
                }

                foreach (var item in items)
                {
                    if (item.Link is { } link && Uri.TryCreate(url, link, out var target) && (_options.Since is null || item.Published is null || item.Published >= _options.Since))
                    {
                        queue.Enqueue((target, depth + 1, true));
                    }
                }

                continue;
            }

            IReadOnlyList<RawDocument> documents;
            try
            {
                documents = reader.DecodeAll(url.ToString(), fetched.Body, fetched.Url.ToString(), fetched.ContentType);
            }
            catch (CommuniqueException ex)
            {
                error = ex;
                documents = [];
            }

            if (error is not null)
            {
                yielded++;
                yield return ReadResult.Fail(url.ToString(), error);
                continue;
            }

            foreach (var document in documents)
            {
                if (_options.Since is { } since && document.Metadata.Published is { } published && published < since && !fromFeed)
                {
                    continue;
                }

                var hash = SimHash.Of(document.Text);
                var shingles = SimHash.Shingles(document.Text);
                var key = Document.IdOf(document.Text);
                if (!exact.Add(key) || fingerprints.Any(f => SimHash.Distance(f.Hash, hash) <= _options.NearDuplicateBits && SimHash.Jaccard(f.Shingles, shingles) >= _options.NearDuplicateJaccard))
                {
                    yield return ReadResult.Fail(document.Metadata.Url ?? url.ToString(), new CommuniqueException(ErrorCatalog.Duplicate,
                        $"{document.Metadata.Url ?? url.ToString()} repeats (exactly or nearly) a document already read in this run.", url.ToString(), "Nothing to do; it is skipped."));
                    continue;
                }

                fingerprints.Add((hash, shingles));
                yielded++;
                yield return ReadResult.Ok(url.ToString(), document);
            }

            if (_options.Follow == Follow.Links && depth < _options.MaxDepth && media is "text/html" or "application/xhtml+xml" or null)
            {
                foreach (var link in Links(fetched.Body, fetched.Url))
                {
                    queue.Enqueue((link, depth + 1, false));
                }
            }
        }
    }

    private static bool IsSitemap(string? media, string head) =>
        (media is null or "application/xml" or "text/xml") && (head.Contains("<urlset", StringComparison.Ordinal) || head.Contains("<sitemapindex", StringComparison.Ordinal));

    private IEnumerable<(Uri Url, bool IsIndex)> Sitemap(byte[] body, Uri baseUrl)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64L * 1024 * 1024, IgnoreComments = true };
        System.Xml.Linq.XDocument document;
        try
        {
            using var xml = XmlReader.Create(new MemoryStream(body), settings);
            document = System.Xml.Linq.XDocument.Load(xml);
        }
        catch (XmlException)
        {
            return []; // a broken sitemap gives nothing; the pages stay reachable by other routes
        }

        var isIndex = document.Root?.Name.LocalName == "sitemapindex";
        var entries = new List<(Uri, bool)>();
        foreach (var entry in document.Descendants().Where(e => e.Name.LocalName is "url" or "sitemap"))
        {
            string? Child(string name) => entry.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value.Trim();
            var loc = Child("loc");
            var date = Child("publication_date") ?? Child("lastmod");
            if (loc is null || !Uri.TryCreate(baseUrl, loc, out var target))
            {
                continue;
            }

            var old = _options.Since is { } since && date is { Length: >= 10 }
                      && DateOnly.TryParse(date[..10], System.Globalization.CultureInfo.InvariantCulture, out var d) && d < since;
            if (!old)
            {
                entries.Add((target, isIndex));
            }
        }

        return entries;
    }

    private static IEnumerable<Uri> Links(byte[] body, Uri page)
    {
        var document = new HtmlParser().ParseDocument(Encoding.UTF8.GetString(body));
        foreach (var anchor in document.QuerySelectorAll("a[href]"))
        {
            var href = anchor.GetAttribute("href");
            if (href is not null && Uri.TryCreate(page, href, out var target) && target.Scheme is "http" or "https"
                && string.Equals(UrlNormalizer.Host(target), UrlNormalizer.Host(page), StringComparison.OrdinalIgnoreCase))
            {
                yield return target;
            }
        }
    }
}

/// <summary>URL normalisation for de-duplication.</summary>
public static class UrlNormalizer
{
    private static readonly string[] TrackingPrefixes = ["utm_", "fbclid", "gclid", "yclid", "mc_cid", "mc_eid", "_ga", "igshid", "ref_src"];

    /// <summary>The host without "www.", "m." or "mirror.".</summary>
    public static string Host(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var host = url.Host.ToLowerInvariant();
        foreach (var prefix in new[] { "www.", "m.", "mirror." })
        {
            if (host.StartsWith(prefix, StringComparison.Ordinal) && host.Length > prefix.Length + 3)
            {
                return host[prefix.Length..];
            }
        }

        return host;
    }

    /// <summary>Scheme-less, lower-case host without www./m./mirror., no fragment, no tracking parameters, sorted query, no trailing slash.</summary>
    public static string Normalize(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !TrackingPrefixes.Any(t => p.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
            .Order(StringComparer.Ordinal);
        var path = url.AbsolutePath.Length > 1 ? url.AbsolutePath.TrimEnd('/') : string.Empty;
        var q = string.Join('&', query);
        return Host(url) + (url.IsDefaultPort ? string.Empty : ":" + url.Port) + path + (q.Length > 0 ? "?" + q : string.Empty);
    }
}

/// <summary>64-bit SimHash and the word 3-gram (shingle) set of a text, for near-duplicate detection.</summary>
public static class SimHash
{
    /// <summary>The distinct hashes of the text's word 3-grams, sorted.</summary>
    public static ulong[] Shingles(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            return [Fnv(string.Join(' ', words))];
        }

        var set = new HashSet<ulong>();
        for (var i = 0; i + 2 < words.Length; i++)
        {
            set.Add(Fnv(words[i] + " " + words[i + 1] + " " + words[i + 2]));
        }

        var result = set.ToArray();
        Array.Sort(result);
        return result;
    }

    /// <summary>The SimHash of a text: each bit is the majority vote of its shingles' hashes.</summary>
    public static ulong Of(string text)
    {
        Span<int> weights = stackalloc int[64];
        foreach (var h in Shingles(text))
        {
            for (var b = 0; b < 64; b++)
            {
                weights[b] += ((h >> b) & 1) == 1 ? 1 : -1;
            }
        }

        ulong result = 0;
        for (var b = 0; b < 64; b++)
        {
            if (weights[b] > 0)
            {
                result |= 1UL << b;
            }
        }

        return result;
    }

    /// <summary>Jaccard similarity of two sorted shingle sets.</summary>
    public static double Jaccard(ulong[] a, ulong[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j])
            {
                common++;
                i++;
                j++;
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var union = a.Length + b.Length - common;
        return union == 0 ? 1 : common / (double)union;
    }

    /// <summary>Bits in which two hashes differ.</summary>
    public static int Distance(ulong a, ulong b) => System.Numerics.BitOperations.PopCount(a ^ b);

    private static ulong Fnv(string s)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in s)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return hash;
    }
}
