using System.Collections.Immutable;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>
/// Topics: the items of lists introduced by a cue ("including A, B, … and Z", "cooperation in …",
/// "discussed …"), keeping known multi-word topics whole ("transport and logistics"), plus known topics
/// named in the same sentences. Labels are lower-case, as in the topic lexicon.
/// </summary>
public sealed class TopicComponent(Lexicons lexicons) : IDocumentComponent
{
    /// <summary>Most tokens one list item may span.</summary>
    public const int MaxItemTokens = 5;

    /// <inheritdoc />
    public string Name => "topics";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens, Layers.Sentences, ExtractionLayers.Lexical, LexicalIndex.Layer, Layers.Entities, Layers.People];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Topics];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var index = LexicalIndex.Of(document);
        var tokens = index.Tokens;
        var named = document.Get(Layers.Entities).SelectMany(e => e.Mentions).Concat(document.Get(Layers.People).SelectMany(p => p.Mentions))
            .Select(m => m.Span).ToList();
        var results = new List<TopicAnnotation>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Add(string label, int start, int end)
        {
            var comma = label.IndexOf(',', StringComparison.Ordinal);
            if (comma > 0)
            {
                label = label[..comma]; // one list item per topic
            }

            label = label.Trim().Trim(',', '.', ';', ':').Trim();
            if (label.Length < 3 || lexicons.IsWord("generic", label) || named.Any(s => s.Start <= start && end <= s.End) || !seen.Add(label))
            {
                return;
            }

            results.Add(new TopicAnnotation(label, start, end));
        }

        foreach (var sentence in document.Sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = sentence.FirstToken; i < sentence.EndToken; i++)
            {
                if (!lexicons.TopicCueMatcher.TryMatchAt(index.Text, tokens, i, sentence.EndToken, out var cue))
                {
                    continue;
                }

                var j = cue.EndToken;
                if (index.Is(j, "the") && !index.StartingAt(j).Any())
                {
                    j++;
                }

                j = ReadList(index, j, sentence.EndToken, Add);
                i = j - 1;
            }
        }

        // Known topics named anywhere else in the text ("the transit of Kazakh goods", "connectivity").
        foreach (var m in index.Matches)
        {
            if (m.Hit.Kind == LexKind.Topic)
            {
                Add(lexicons.Topics[m.Hit.Index].Label, m.Start, m.End);
            }
        }

        document.Set(Layers.Topics, [.. results.OrderBy(r => r.Start)]);
    }

    private int ReadList(LexicalIndex index, int j, int limit, Action<string, int, int> add)
    {
        var tokens = index.Tokens;
        var text = index.Document.Text;
        var itemStart = -1;
        var items = 0;
        while (j < limit)
        {
            // A cue inside the list ("energy, including green energy transmission") starts the next items.
            if (itemStart < 0 && lexicons.TopicCueMatcher.TryMatchAt(index.Text, tokens, j, limit, out var innerCue))
            {
                j = innerCue.EndToken;
                continue;
            }

            var topic = index.StartingAt(j).FirstOrDefault(m => m.Hit.Kind == LexKind.Topic);
            if (topic.TokenCount > 0 && itemStart < 0)
            {
                var label = lexicons.Topics[topic.Hit.Index].Label;
                // Keep the words as written when the item goes on past the known topic ("energy efficiency").
                var end = topic.EndToken;
                while (end < limit && IsItemWord(index, end))
                {
                    end++;
                }

                add(end == topic.EndToken ? label : text[tokens[j].Start..tokens[end - 1].End].ToLowerInvariant(), tokens[j].Start, tokens[end - 1].End);
                items++;
                j = end;
                continue;
            }

            if (index.Is(j, ",") || index.Is(j, "and") || index.Is(j, "or") || (index.Is(j, "as") && index.Is(j + 1, "well") && index.Is(j + 2, "as")))
            {
                Flush();
                j += index.Is(j, "as") ? 3 : 1;
                continue;
            }

            if (!IsItemWord(index, j) || (itemStart >= 0 && j - itemStart >= MaxItemTokens))
            {
                break;
            }

            if (itemStart < 0)
            {
                if (index.Is(j, "the") || index.Is(j, "a") || index.Is(j, "an"))
                {
                    j++;
                    continue;
                }

                itemStart = j;
            }

            j++;
        }

        Flush();
        return j;

        void Flush()
        {
            if (itemStart >= 0 && itemStart < j)
            {
                var last = j - 1;
                add(text[tokens[itemStart].Start..tokens[last].End].ToLowerInvariant(), tokens[itemStart].Start, tokens[last].End);
                items++;
            }

            itemStart = -1;
        }
    }

    private bool IsItemWord(LexicalIndex index, int j)
    {
        var t = index.Tokens[j];
        if (t.Kind != TokenKind.Word && !(index.Is(j, "-") && !t.Has(TokenFlags.SpaceBefore)))
        {
            return false;
        }

        var word = index.Word(j);
        if (lexicons.IsWord("stop", word) && !index.Is(j, "the"))
        {
            return false;
        }

        return !(word is "which" or "that" or "who" or "was" or "were" or "is" or "are" or "will" or "would" or "with" or "to" or "between" or "among"
                 or "by" or "has" or "have" or "had" or "been" or "being" or "its" or "their");
    }
}
