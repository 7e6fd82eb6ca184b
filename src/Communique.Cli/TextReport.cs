using Communique.Core;

namespace Communique.Cli;

/// <summary>The human-readable <c>--format text</c> view of a document.</summary>
internal static class TextReport
{
    public static async Task WriteAsync(TextWriter writer, Document document)
    {
        var m = document.Metadata;
        await writer.WriteLineAsync($"# {m.Title ?? m.Reference}").ConfigureAwait(false);
        await writer.WriteLineAsync($"  id {document.Id} · {m.Site ?? "site unknown"} · published {m.Published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}").ConfigureAwait(false);
        var people = document.GetOrEmpty(Layers.People);
        if (people.Length > 0)
        {
            await writer.WriteLineAsync("People").ConfigureAwait(false);
            foreach (var p in people)
            {
                await writer.WriteLineAsync($"  {p.Name} — {p.Role ?? "(no office)"}, {p.Country ?? "?"} ({p.Mentions.Length} mentions{(p.NamedInText ? string.Empty : ", identified from role")})").ConfigureAwait(false);
                foreach (var reason in p.Why)
                {
                    await writer.WriteLineAsync($"      · {reason}").ConfigureAwait(false);
                }
            }
        }

        var entities = document.GetOrEmpty(Layers.Entities);
        foreach (var group in entities.GroupBy(e => e.Type))
        {
            await writer.WriteLineAsync($"{group.Key}: {string.Join(", ", group.Select(e => e.Code is null ? e.Name : $"{e.Name} [{e.Code}]"))}").ConfigureAwait(false);
        }

        var quantities = document.GetOrEmpty(Layers.Quantities);
        if (quantities.Length > 0)
        {
            await writer.WriteLineAsync("Figures").ConfigureAwait(false);
            foreach (var q in quantities)
            {
                await writer.WriteLineAsync($"  {q.Kind.ToString().ToLowerInvariant(),-8} {(q.Qualifier is null ? string.Empty : q.Qualifier + " ")}{q.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {q.Unit} — \"{q.Text}\"{(q.About is null ? string.Empty : " · " + q.About)}").ConfigureAwait(false);
            }
        }

        var events = document.GetOrEmpty(Layers.Events);
        if (events.Length > 0)
        {
            await writer.WriteLineAsync("Events").ConfigureAwait(false);
            foreach (var e in events)
            {
                var flags = string.Join(string.Empty, new[] { e.Historical ? " historical" : null, e.Future ? " future" : null, e.Negated ? " NEGATED" : null }.OfType<string>());
                var sides = $"{string.Join("+", e.Actor.Select(a => a.Code ?? a.Country))} → {(e.Recipient.IsEmpty ? "—" : string.Join("+", e.Recipient.Select(a => a.Code ?? a.Country)))}";
                var evidence = e.Evidence.IsEmpty ? string.Empty : e.Evidence[0].Text.ReplaceLineEndings(" ");
                if (evidence.Length > 110)
                {
                    evidence = evidence[..107] + "...";
                }

                await writer.WriteLineAsync($"  {e.Type.Name(),-8} {e.Cameo,-5}{(e.Mode is { } mode ? " " + mode.Name() : string.Empty)} {sides} {e.Date}{flags}").ConfigureAwait(false);
                await writer.WriteLineAsync($"           “{evidence}”").ConfigureAwait(false);
                foreach (var reason in e.Why)
                {
                    await writer.WriteLineAsync($"           · {reason}").ConfigureAwait(false);
                }
            }
        }

        var topics = document.GetOrEmpty(Layers.Topics);
        if (topics.Length > 0)
        {
            await writer.WriteLineAsync($"Topics: {string.Join(", ", topics.Select(t => t.Label))}").ConfigureAwait(false);
        }

        foreach (var w in document.Warnings)
        {
            await writer.WriteLineAsync($"warning {w.Code}: {w.Message}").ConfigureAwait(false);
        }

        await writer.WriteLineAsync().ConfigureAwait(false);
    }
}
