namespace Communique.Ingest.Web;

/// <summary>
/// robots.txt as RFC 9309 reads it: groups of <c>user-agent</c> lines with their <c>allow</c>/<c>disallow</c>
/// rules; the group naming our product token (case-insensitive) applies, else the <c>*</c> group; the longest
/// matching rule wins and <c>allow</c> wins a tie; <c>*</c> matches any characters and a final <c>$</c> ends the
/// path. <c>crawl-delay</c> (not in the RFC, widely used) is read from the same group.
/// </summary>
public sealed class RobotsTxt
{
    private readonly List<(string Pattern, bool Allow)> _rules;

    private RobotsTxt(List<(string Pattern, bool Allow)> rules, TimeSpan? crawlDelay)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
    }

    /// <summary>Everything allowed (no robots.txt, or a 4xx answer).</summary>
    public static RobotsTxt AllowAll { get; } = new([], null);

    /// <summary>Everything disallowed (a 5xx answer or an unreachable robots.txt, per RFC 9309 §2.3.1.4).</summary>
    public static RobotsTxt DisallowAll { get; } = new([("/", false)], null);

    /// <summary>The crawl delay the site asks of us, if any.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>Parses a robots.txt body for the product token <paramref name="agent"/> (e.g. "Communique").</summary>
    public static RobotsTxt Parse(string text, string agent)
    {
        ArgumentNullException.ThrowIfNull(text);
        var groups = new List<(List<string> Agents, List<(string, bool)> Rules, TimeSpan? Delay)>();
        (List<string> Agents, List<(string, bool)> Rules, TimeSpan? Delay)? current = null;
        var lastWasAgent = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            if (key == "user-agent")
            {
                if (!lastWasAgent || current is null)
                {
                    current = ([], [], null);
                    groups.Add(current.Value);
                }

                current.Value.Agents.Add(value.ToLowerInvariant());
                lastWasAgent = true;
                continue;
            }

            lastWasAgent = false;
            if (current is null)
            {
                continue; // rules before any user-agent line belong to no group
            }

            switch (key)
            {
                case "allow":
                case "disallow":
                    if (value.Length > 0)
                    {
                        current.Value.Rules.Add((value, key == "allow"));
                    }

                    break;
                case "crawl-delay":
                    if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
                    {
                        var index = groups.FindIndex(g => ReferenceEquals(g.Agents, current.Value.Agents));
                        groups[index] = (current.Value.Agents, current.Value.Rules, TimeSpan.FromSeconds(seconds));
                        current = groups[index];
                    }

                    break;
            }
        }

        var token = agent.ToLowerInvariant();
        var mine = groups.Where(g => g.Agents.Any(a => a != "*" && token.StartsWith(a, StringComparison.Ordinal))).ToList();
        if (mine.Count == 0)
        {
            mine = [.. groups.Where(g => g.Agents.Contains("*"))];
        }

        // Several groups for the same agent are merged (RFC 9309 §2.2.1).
        return new RobotsTxt([.. mine.SelectMany(g => g.Rules)], mine.Select(g => g.Delay).FirstOrDefault(d => d is not null));
    }

    /// <summary>Whether the path (with its query) may be fetched.</summary>
    public bool IsAllowed(string pathAndQuery)
    {
        if (pathAndQuery == "/robots.txt")
        {
            return true;
        }

        var best = -1;
        var allowed = true;
        foreach (var (pattern, allow) in _rules)
        {
            if (Matches(pattern, pathAndQuery) && (pattern.Length > best || (pattern.Length == best && allow)))
            {
                best = pattern.Length;
                allowed = allow;
            }
        }

        return allowed;
    }

    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        if (anchored)
        {
            pattern = pattern[..^1];
        }

        return Match(pattern, 0, path, 0, anchored);
    }

    private static bool Match(string pattern, int p, string path, int s, bool anchored)
    {
        while (p < pattern.Length)
        {
            if (pattern[p] == '*')
            {
                for (var k = s; k <= path.Length; k++)
                {
                    if (Match(pattern, p + 1, path, k, anchored))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (s >= path.Length || pattern[p] != path[s])
            {
                return false;
            }

            p++;
            s++;
        }

        return !anchored || s == path.Length;
    }
}
