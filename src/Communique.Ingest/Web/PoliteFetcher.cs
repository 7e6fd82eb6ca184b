using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Communique.Core;

namespace Communique.Ingest.Web;

/// <summary>Settings of the polite fetcher; every limit is documented in docs/limits.md.</summary>
public sealed record FetchOptions
{
    /// <summary>The product token matched against robots.txt groups.</summary>
    public const string ProductToken = "Communique";

    /// <summary>The User-Agent header; keep the product token first so sites can address us in robots.txt.</summary>
    public string UserAgent { get; init; } = ProductToken + "/0.1 (press-release analysis; polite crawler honouring robots.txt)";

    /// <summary>Least time between two requests to one host.</summary>
    public TimeSpan PerHostDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest Crawl-delay honoured; a longer one is capped.</summary>
    public TimeSpan MaxCrawlDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for one request, headers and body.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Largest body read (after decompression).</summary>
    public long MaxBodyBytes { get; init; } = InputLimits.Default.MaxInputBytes;

    /// <summary>Most redirects followed.</summary>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Retries of transient failures (5xx, 429, timeouts, network), with exponential backoff from <see cref="RetryDelay"/>.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>First backoff delay.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a robots.txt is trusted.</summary>
    public TimeSpan RobotsTtl { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Addresses or networks opened despite the SSRF guard (e.g. "127.0.0.1" for local fixtures).</summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];
}

/// <summary>A fetched response: the final URL (after redirects), the body and its type; <see cref="NotModified"/> when a conditional GET reused the cached body.</summary>
public sealed record FetchResult(Uri Url, HttpStatusCode Status, string? ContentType, byte[] Body, bool NotModified);

/// <summary>
/// An HTTP client that behaves: it identifies itself, obeys robots.txt (RFC 9309; cached; 4xx → allow, 5xx or
/// unreachable → disallow), keeps a delay between requests to one host (Crawl-delay honoured up to a cap),
/// revalidates with ETag/Last-Modified, retries only transient failures with backoff, follows a bounded number
/// of redirects itself, refuses non-document content types and oversized bodies, decompresses gzip, deflate and
/// brotli, and connects only to addresses the <see cref="AddressGuard"/> allows — checked on the resolved
/// address of every connection, so on every redirect too.
/// </summary>
public sealed class PoliteFetcher : IDisposable
{
    private static readonly string[] DocumentTypes =
    [
        "text/html", "application/xhtml+xml", "text/plain", "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
    ];

    private const int MaxValidators = 1024;

    private readonly FetchOptions _options;
    private readonly HttpClient _client;
    private readonly ConcurrentDictionary<string, HostState> _hosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string? ETag, DateTimeOffset? LastModified, string? ContentType, byte[] Body)> _validators = new();

    /// <summary>Creates a fetcher with its own connection pool.</summary>
    public PoliteFetcher(FetchOptions? options = null)
    {
        _options = options ?? new FetchOptions();
        var guard = new AddressGuard(_options.AllowedNetworks);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var host = context.DnsEndPoint.Host;
                var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
                var allowed = addresses.Where(guard.IsAllowed).ToList();
                if (allowed.Count == 0)
                {
                    throw new AddressRefusedException(host, addresses);
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync([.. allowed], context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
        _client.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,text/plain;q=0.8");
    }

    /// <summary>Fetches a document, politely; throws <see cref="CommuniqueException"/> with a specific code on failure.</summary>
    public async Task<FetchResult> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new CommuniqueException(ErrorCatalog.BadUrl, $"'{url}' is not an http or https URL.", url.ToString(), "Give an absolute http(s) URL.");
        }

        var current = url;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var redirects = 0; ; redirects++)
        {
            if (!seen.Add(current.AbsoluteUri) || redirects > _options.MaxRedirects)
            {
                throw new CommuniqueException(ErrorCatalog.TooManyRedirects,
                    redirects > _options.MaxRedirects ? $"More than {_options.MaxRedirects} redirects from '{url}'." : $"Redirect loop at '{current}'.", url.ToString(),
                    "Check the URL in a browser; the site may need cookies or be misconfigured.");
            }

            var robots = await RobotsAsync(current, cancellationToken).ConfigureAwait(false);
            if (!robots.IsAllowed(current.PathAndQuery))
            {
                throw new CommuniqueException(ErrorCatalog.RobotsDisallowed, $"robots.txt of {current.Host} disallows '{current.PathAndQuery}' for {FetchOptions.ProductToken}.", current.ToString(),
                    "Respect it, or ask the site; save the page by hand if you may use it.");
            }

            var response = await SendWithRetriesAsync(current, conditional: true, robots.CrawlDelay, cancellationToken).ConfigureAwait(false);
            if (response.Location is { } location)
            {
                current = location;
                continue;
            }

            return response.Result!;
        }
    }

    /// <summary>The robots.txt that applies to <paramref name="url"/> (fetched once per origin and cached).</summary>
    public async Task<RobotsTxt> RobotsAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var state = Host(url);
        var cached = state.Robots;
        if (cached is not null && cached.Value.Expires > DateTimeOffset.UtcNow)
        {
            return cached.Value.Robots;
        }

        await state.RobotsLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (state.Robots is { } again && again.Expires > DateTimeOffset.UtcNow)
            {
                return again.Robots;
            }

            RobotsTxt robots;
            try
            {
                // robots.txt may redirect (RFC 9309 §2.3.1.2: follow at least five).
                var response = await SendWithRetriesAsync(new Uri(url, "/robots.txt"), conditional: false, null, cancellationToken).ConfigureAwait(false);
                for (var hops = 0; response.Location is { } next && hops < 5; hops++)
                {
                    response = await SendWithRetriesAsync(next, conditional: false, null, cancellationToken).ConfigureAwait(false);
                }

                robots = response.Result is { } r ? RobotsTxt.Parse(System.Text.Encoding.UTF8.GetString(r.Body), FetchOptions.ProductToken) : RobotsTxt.AllowAll;
            }
            catch (CommuniqueException ex) when (ex.Code.Code == ErrorCatalog.HttpStatus.Code && ex.Data["status"] is int status && status is >= 400 and < 500)
            {
                robots = RobotsTxt.AllowAll; // RFC 9309 §2.3.1.3: unavailable robots.txt allows everything
            }
            catch (CommuniqueException ex) when (ex.Code.Code == ErrorCatalog.ContentType.Code)
            {
                robots = RobotsTxt.AllowAll;
            }
            catch (CommuniqueException ex) when (ex.Code.Code == ErrorCatalog.AddressRefused.Code)
            {
                throw;
            }
            catch (CommuniqueException)
            {
                robots = RobotsTxt.DisallowAll; // §2.3.1.4: unreachable (5xx, network) disallows everything
            }

            state.Robots = (robots, DateTimeOffset.UtcNow + _options.RobotsTtl);
            return robots;
        }
        finally
        {
            state.RobotsLock.Release();
        }
    }

    private sealed record Attempt(FetchResult? Result, Uri? Location);

    private async Task<Attempt> SendWithRetriesAsync(Uri url, bool conditional, TimeSpan? crawlDelay, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(url, conditional, crawlDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (CommuniqueException ex) when (ex.Code.IsTransient && attempt < _options.Retries && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.RetryDelay * Math.Pow(2, attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<Attempt> SendOnceAsync(Uri url, bool conditional, TimeSpan? crawlDelay, CancellationToken cancellationToken)
    {
        var state = Host(url);
        var delay = _options.PerHostDelay;
        if (crawlDelay is { } asked)
        {
            delay = TimeSpan.FromTicks(Math.Max(delay.Ticks, Math.Min(asked.Ticks, _options.MaxCrawlDelay.Ticks)));
        }

        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One request at a time per host, at least `delay` apart (measured from the end of the previous one).
            var wait = state.Next - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            var key = url.AbsoluteUri;
            if (conditional && _validators.TryGetValue(key, out var validator))
            {
                if (validator.ETag is not null && EntityTagHeaderValue.TryParse(validator.ETag, out var etag))
                {
                    request.Headers.IfNoneMatch.Add(etag);
                }

                if (validator.LastModified is { } modified)
                {
                    request.Headers.IfModifiedSince = modified;
                }
            }

            try
            {
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (status == 304 && _validators.TryGetValue(key, out var cached))
                {
                    return new Attempt(new FetchResult(url, HttpStatusCode.NotModified, cached.ContentType, cached.Body, NotModified: true), null);
                }

                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    return new Attempt(null, location.IsAbsoluteUri ? location : new Uri(url, location));
                }

                if (status >= 400)
                {
                    var transient = status >= 500 || status == 429;
                    var error = new CommuniqueException(transient ? ErrorCatalog.HttpStatus with { IsTransient = true } : ErrorCatalog.HttpStatus,
                        $"{url} answered {status} {response.ReasonPhrase}.", url.ToString(),
                        transient ? "The server is busy or failing; try again later." : "Check the URL; the page may have moved or be private.");
                    error.Data["status"] = status;
                    throw error;
                }

                var contentType = response.Content.Headers.ContentType?.ToString();
                var media = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
                if (media is not null && !DocumentTypes.Contains(media))
                {
                    throw new CommuniqueException(ErrorCatalog.ContentType, $"{url} is {media}, not HTML, text or a feed.", url.ToString(), "Only web pages, text and RSS/Atom feeds are read.");
                }

                if (response.Content.Headers.ContentLength > _options.MaxBodyBytes)
                {
                    throw new CommuniqueException(ErrorCatalog.TooLarge, $"{url} is {response.Content.Headers.ContentLength:N0} bytes; the limit is {_options.MaxBodyBytes:N0}.", url.ToString(), "Raise --max-bytes if the page is genuine.");
                }

                var body = await ReadLimitedAsync(response.Content, url, timeout.Token).ConfigureAwait(false);
                var etagValue = response.Headers.ETag?.ToString();
                var lastModified = response.Content.Headers.LastModified;
                if (conditional && (etagValue is not null || lastModified is not null))
                {
                    // Bodies are kept for revalidation within a run; the cache is bounded so a long crawl stays flat.
                    if (_validators.Count >= MaxValidators)
                    {
                        _validators.Clear();
                    }

                    _validators[key] = (etagValue, lastModified, contentType, body);
                }

                return new Attempt(new FetchResult(url, response.StatusCode, contentType, body, NotModified: false), null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new CommuniqueException(ErrorCatalog.FetchTimeout, $"{url} did not answer completely within {_options.Timeout.TotalSeconds:0} s.", url.ToString(), "Try again later or raise the timeout.");
            }
            catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
            {
                throw new CommuniqueException(ErrorCatalog.AddressRefused, refused.Message, url.ToString(),
                    "Communique does not fetch private, loopback or metadata addresses; allow the network explicitly if this is intended.");
            }
            catch (HttpRequestException ex)
            {
                throw new CommuniqueException(ErrorCatalog.NetworkFailure, $"{url}: {ex.Message}", url.ToString(), "Check the address and the network; it is retried automatically.");
            }
            catch (IOException ex)
            {
                throw new CommuniqueException(ErrorCatalog.NetworkFailure, $"{url}: {ex.Message}", url.ToString(), "The connection broke while reading; it is retried automatically.");
            }
        }
        finally
        {
            state.Next = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            state.Gate.Release();
        }
    }

    private async Task<byte[]> ReadLimitedAsync(HttpContent content, Uri url, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _options.MaxBodyBytes)
            {
                throw new CommuniqueException(ErrorCatalog.TooLarge, $"{url} is larger than {_options.MaxBodyBytes:N0} bytes (after decompression).", url.ToString(), "Raise --max-bytes if the page is genuine.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static AddressRefusedException? FindRefusal(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is AddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private HostState Host(Uri url) => _hosts.GetOrAdd(url.GetLeftPart(UriPartial.Authority), _ => new HostState());

    /// <inheritdoc />
    public void Dispose()
    {
        _client.Dispose();
        foreach (var state in _hosts.Values)
        {
            state.Gate.Dispose();
            state.RobotsLock.Dispose();
        }
    }

    private sealed class HostState
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public SemaphoreSlim RobotsLock { get; } = new(1, 1);

        public long Next { get; set; }

        public (RobotsTxt Robots, DateTimeOffset Expires)? Robots { get; set; }
    }

    private sealed class AddressRefusedException(string host, IPAddress[] addresses)
        : IOException($"{host} resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}, a loopback, private, link-local or metadata address.");
}
