using System.Collections.Immutable;

namespace Communique.Extraction.Petrarch;

/// <summary>A coded (source, target, CAMEO) triple.</summary>
public sealed record CodedEvent(string? Source, string? Target, string Code);

/// <summary>
/// Codes a parsed sentence with PETRARCH dictionaries: for each clause, the lexical verb at the end of its
/// auxiliary chain is looked up; its most specific matching pattern gives the CAMEO code; the source is the
/// clause's subject (inherited by infinitive clauses), the target the first actor after the verb, and
/// compound actors give one event per pair. Reciprocal codes (<c>032:033</c>) give the reverse event too.
/// A simplified reading of PETRARCH2's rules, measured by its own unit-test records.
/// </summary>
public sealed class PetrarchCoder(PetrarchDictionaries dictionaries)
{
    /// <summary>Codes one sentence from its Treebank parse; <paramref name="date"/> selects dated actor codes.</summary>
    public ImmutableArray<CodedEvent> Code(string parse, DateOnly? date = null) => new PetrarchSession(dictionaries, date).Code(parse);
}

/// <summary>One coding run: the dictionaries and the sentence's date.</summary>
internal sealed class PetrarchSession(PetrarchDictionaries dictionaries, DateOnly? date)
{
    private static readonly HashSet<string> Auxiliaries = new(StringComparer.OrdinalIgnoreCase)
    {
        "is", "are", "was", "were", "be", "been", "being", "am", "'s", "has", "have", "had", "having", "do", "does", "did",
        "will", "would", "shall", "should", "can", "could", "may", "might", "must", "'ll", "'d", "to", "wo", "ca",
    };

    private static readonly HashSet<string> Subordinators = new(StringComparer.OrdinalIgnoreCase)
    {
        "after", "before", "while", "when", "whenever", "since", "because", "although", "though", "if", "unless", "until",
        "till", "as", "whereas", "once", "whether", "that", "so", "for", "despite", "without", "by", "with", "in", "on",
    };

    public ImmutableArray<CodedEvent> Code(string parse)
    {
        var (root, leaves) = ParseNode.Parse(parse);
        var words = leaves.Select(l => l.Word!.ToUpperInvariant()).ToImmutableArray();
        if (dictionaries.Discards.Any(d => FindPhrase(words, 0, words.Length, d) >= 0))
        {
            return [];
        }

        var events = new List<CodedEvent>();
        Visit(root, null, words, events);
        return [.. events.Distinct()];
    }

    private void Visit(ParseNode node, List<string>? inherited, ImmutableArray<string> words, List<CodedEvent> events)
    {
        var subjectActors = inherited;
        ParseNode? reporter = null;
        if (node.Label is "S" or "SINV" or "SQ")
        {
            var vpIndex = node.Children.IndexOf(node.Children.FirstOrDefault(c => c.Label == "VP")!);
            var subject = vpIndex > 0 ? node.Children.Take(vpIndex).LastOrDefault(c => c.Label == "NP") : null;
            var own = subject is null ? [] : NounPhraseActors(subject, words);
            if (own.Count == 0 && subject is not null)
            {
                own = AgentOnly(subject, words); // "a senior official" → ---GOV
            }
            if (own.Count > 0)
            {
                subjectActors = own;
            }

            // "[Arnor is nearer to accord with Gondor], a senior official said": the reported clause before the
            // reporter's subject keeps the subject it had; the reporter does not act in it.
            if (subject is not null && node.Children.Take(vpIndex).Any(c => c.Label is "S" or "SBAR")
                && !node.Children[vpIndex].Children.Any(c => c.Label is "NP" or "S" or "SBAR"))
            {
                reporter = subject;
            }

            // A clause with neither a subject of its own nor one it may take from its governing clause is not coded.
            if (vpIndex >= 0 && (subject is not null || (subjectActors?.Count ?? 0) > 0))
            {
                // "condemned an attack … and promised aid …": each verb phrase of a coordination is coded.
                var vp = node.Children[vpIndex];
                var parts = vp.Children.Where(c => c.Label == "VP").ToList();
                if (parts.Count >= 2 && vp.Children.Any(c => c.Label == "CC"))
                {
                    foreach (var part in parts)
                    {
                        CodeClause(part, subjectActors ?? [], words, events);
                    }
                }
                else
                {
                    CodeClause(vp, subjectActors ?? [], words, events);
                }
            }
        }

        foreach (var child in node.Children)
        {
            if (child.IsLeaf)
            {
                continue;
            }

            // A clause without a subject takes its governing clause's subject only as the complement of a
            // verb with no object before it ("is about to restore"); after an object ("called on Gondor to be
            // allowed …") or as an adjunct ("after leaving Eriador") it does not.
            var inherits = reporter is not null && child.EndLeaf <= reporter.FirstLeaf ? inherited : subjectActors;
            if (child.Label == "S" && !child.Children.Any(c => c.Label == "NP"))
            {
                // So does one under a comparative ("is inching nearer to accord with Gondor"), not under a
                // subordinator ("after leaving Eriador").
                var complement = (node.Label == "VP" || (node.Label == "SBAR" && node.Children[0].Word is { } head && !Subordinators.Contains(head)))
                    && !node.Children.TakeWhile(c => c != child).Any(c => c.Label == "NP");
                // "Gondor launched a new bombing and [shelling offensive against Osgiliath]": the second of two
                // coordinated clauses shares the first one's subject.
                var index = node.Children.IndexOf(child);
                if (node.Label == "S" && index >= 2 && node.Children[index - 1].Label == "CC" && node.Children[index - 2] is { Label: "S" } first
                    && first.Children.FirstOrDefault(c => c.Label == "NP") is { } firstSubject && NounPhraseActors(firstSubject, words) is { Count: > 0 } shared)
                {
                    inherits = shared;
                }
                else if (!complement)
                {
                    inherits = [];
                }
            }
            else if (child.Label is "PP" or "SBAR" && node.Label == "VP")
            {
                inherits = child.Label == "SBAR" ? subjectActors : [];
            }

            Visit(child, inherits, words, events);
        }
    }

    private void CodeClause(ParseNode vp, List<string> sources, ImmutableArray<string> words, List<CodedEvent> events)
    {
        var (verb, verbPhrase) = FindVerb(vp);
        if (verb is null || verbPhrase is null)
        {
            return;
        }

        var v = verb.FirstLeaf;
        var entry = LookupVerb(words, v, out var verbLength);
        if (entry is null)
        {
            return;
        }

        // The code: the most specific pattern whose words surround the verb, else the verb's own code.
        var code = entry.Code;
        var best = -1;
        var compound = false;
        var targetFrom = v + verbLength;
        int? sourceFrom = null;
        foreach (var pattern in entry.Patterns)
        {
            // A pattern with a malformed code ("[+++]") is ignored, as PETRARCH ignores it; "---" means no event.
            if (pattern.Code != "---" && !PetrarchDictionaries.IsEventCode(pattern.Code))
            {
                continue;
            }

            if (pattern.Literals > best && Matches(pattern, words, 0, v, v + verbLength, vp.EndLeaf, out var plus, out var dollar))
            {
                (best, code, compound) = (pattern.Literals, pattern.Code, pattern.Compound);
                targetFrom = plus ?? v + verbLength; // "+" marks where the target stands
                sourceFrom = pattern.Before.Contains("+") ? dollar : null; // "+ * IN $": the subject is the target
            }
        }

        if (!PetrarchDictionaries.IsEventCode(code))
        {
            return;
        }

        var targets = Targets(verbPhrase, targetFrom, words);
        if (targets.Count == 0 && targetFrom > v + verbLength)
        {
            targets = Targets(verbPhrase, v + verbLength, words);
        }

        // "Russian police arrested students": an object with agents but no actor is "---" with its agents.
        if (targets.Count == 0 && verbPhrase.Children.FirstOrDefault(c => c.Label == "NP" && c.FirstLeaf >= targetFrom) is { } objectPhrase)
        {
            targets = AgentOnly(objectPhrase, words);
        }

        if (sourceFrom is { } from && Targets(verbPhrase, from, words) is { Count: > 0 } reversed)
        {
            (sources, targets) = (reversed, sources);
        }

        // Passive voice: "Eriador was opposed by Osgiliath" — the agent acts on the subject.
        if (sourceFrom is null && verb.Label == "VBN" && IsPassive(vp, verb))
        {
            bool Introduced(ParseNode n, params string[] preps) => n.Label == "PP" && n.FirstLeaf >= v + verbLength
                && n.Children.FirstOrDefault()?.Word is { } prep && preps.Any(p => prep.Equals(p, StringComparison.OrdinalIgnoreCase));
            var agent = verbPhrase.Descendants().FirstOrDefault(n => Introduced(n, "by", "from"));
            if (agent is not null)
            {
                var by = NounPhraseActors(agent, words);
                if (by.Count > 0)
                {
                    (sources, targets) = (by, sources);
                }
            }
        }

        if (sources.Count == 0 && targets.Count == 0)
        {
            return;
        }

        var parts = code!.Split(':');

        if (targets.Count == 0 && sources.Count >= 2 && (compound || code!.Contains(':', StringComparison.Ordinal)))
        {
            // "Gondor and Osgiliath have delayed their meeting": the parties act on each other.
            foreach (var a in sources)
            {
                foreach (var b in sources.Where(b => b != a))
                {
                    events.Add(new CodedEvent(a, b, parts[0]));
                }
            }

            return;
        }

        foreach (var source in sources.DefaultIfEmpty(null!))
        {
            foreach (var target in targets.DefaultIfEmpty(null!))
            {
                if (target is null)
                {
                    continue; // PETRARCH codes events with a target
                }

                if (source == target)
                {
                    continue;
                }

                events.Add(new CodedEvent(source, target, parts[0]));
                if (parts.Length > 1 && source is not null && target is not null)
                {
                    events.Add(new CodedEvent(target, source, parts[1]));
                }
            }
        }

    }

    private static bool IsPassive(ParseNode vp, ParseNode verb)
    {
        // A form of "be" (or "get") on the auxiliary chain above the participle.
        foreach (var node in vp.Descendants())
        {
            if (node.IsLeaf && node.FirstLeaf < verb.FirstLeaf && node.Word is { } w
                && (w is "was" or "were" or "is" or "are" or "be" or "been" or "being" or "got" or "get" || w.Equals("Was", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private static (ParseNode? Verb, ParseNode? Phrase) FindVerb(ParseNode vp)
    {
        var head = vp.Children.FirstOrDefault(c => c.IsLeaf && (c.Label.StartsWith("VB", StringComparison.Ordinal) || c.Label == "MD"));
        var deeper = vp.Children.FirstOrDefault(c => c.Label == "VP" || (c.Label == "S" && !c.Children.Any(x => x.Label == "NP") && c.Children.Any(x => x.Label == "VP")));
        if (head is not null && !Auxiliaries.Contains(head.Word!) && !(head.Word!.Equals("about", StringComparison.OrdinalIgnoreCase)))
        {
            return (head, vp);
        }

        if (deeper is not null)
        {
            var inner = deeper.Label == "S" ? deeper.Children.First(x => x.Label == "VP") : deeper;
            var found = FindVerb(inner);
            if (found.Verb is not null)
            {
                return found;
            }
        }

        return (head, vp);
    }

    private VerbEntry? LookupVerb(ImmutableArray<string> words, int v, out int length)
    {
        length = 1;
        // A two-word verb the parser split ("wire/NN tapped/VBD").
        if (v > 0)
        {
            foreach (var phrase in dictionaries.PhraseVerbs)
            {
                if (phrase.Words.Length == 2 && words[v - 1] == phrase.Words[0] && words[v].StartsWith(phrase.Words[1], StringComparison.Ordinal))
                {
                    return phrase;
                }
            }
        }

        foreach (var phrase in dictionaries.PhraseVerbs)
        {
            if (v + phrase.Words.Length <= words.Length && words[v].StartsWith(phrase.Words[0], StringComparison.Ordinal)
                && Enumerable.Range(1, phrase.Words.Length - 1).All(k => words[v + k].StartsWith(phrase.Words[k], StringComparison.Ordinal)))
            {
                length = phrase.Words.Length;
                return phrase;
            }
        }

        return dictionaries.Verbs.TryGetValue(words[v], out var entry) ? entry : null;
    }

    private bool Matches(VerbPattern pattern, ImmutableArray<string> words, int clauseStart, int verbStart, int verbEnd, int clauseEnd, out int? plus, out int? dollar)
    {
        plus = null;
        dollar = null;
        // Words before the verb appear in order before it; words after it appear in order after it.
        var position = clauseStart;
        foreach (var w in pattern.Before)
        {
            var touching = w.Length > 1 && w.EndsWith('=');
            if (!MatchToken(touching ? w[..^1] : w, words, ref position, verbStart) || (touching && position != verbStart))
            {
                return false;
            }
        }

        position = verbEnd;
        foreach (var w in pattern.After)
        {
            if (w == "+")
            {
                plus ??= position;
            }
            else if (w == "$")
            {
                dollar ??= position;
            }

            if (!MatchToken(w, words, ref position, clauseEnd))
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchToken(string token, ImmutableArray<string> words, ref int position, int limit)
    {
        var adjacent = token.StartsWith('=');
        var startLimit = limit;
        if (adjacent)
        {
            token = token[1..];
            startLimit = Math.Min(limit, position + 1); // joined by "_": the next word, no gap
        }

        if (token == "^")
        {
            // "^" stands for one word or name skipped between the pattern's words ("IFTAR IN ^ +").
            if (position >= limit)
            {
                return false;
            }

            position++;
            return true;
        }

        if (token is "$" or "+" or "%")
        {
            return true;
        }

        if (token.StartsWith('&'))
        {
            if (!dictionaries.Synsets.TryGetValue(token, out var phrases))
            {
                return false;
            }

            for (var p = position; p < startLimit; p++)
            {
                foreach (var phrase in phrases)
                {
                    if (phrase.Length > 0 && phrase[0].StartsWith('&'))
                    {
                        var nested = p;
                        if (MatchToken(phrase[0], words, ref nested, limit))
                        {
                            position = nested;
                            return true;
                        }

                        continue;
                    }

                    if (p + phrase.Length <= limit && Enumerable.Range(0, phrase.Length).All(k => words[p + k] == phrase[k]))
                    {
                        position = p + phrase.Length;
                        return true;
                    }
                }
            }

            return false;
        }

        for (var p = position; p < startLimit; p++)
        {
            if (words[p] == token)
            {
                position = p + 1;
                return true;
            }
        }

        return false;
    }

    private List<string> Targets(ParseNode vp, int from, ImmutableArray<string> words)
    {
        // The first constituent after the verb that holds an actor; clauses with their own subject are skipped.
        foreach (var node in vp.Descendants())
        {
            if (node.IsLeaf || node.FirstLeaf < from || node.Label is not ("NP" or "PP"))
            {
                continue;
            }

            if (InsideOwnClause(vp, node))
            {
                continue;
            }

            var actors = NounPhraseActors(node, words);
            if (actors.Count > 0)
            {
                return actors;
            }
        }

        return [];
    }

    private static bool InsideOwnClause(ParseNode vp, ParseNode node)
    {
        // Walk down from the VP to the node; a clause with its own subject on the way hides the node.
        var current = vp;
        while (current != node)
        {
            var next = current.Children.FirstOrDefault(c => c.FirstLeaf <= node.FirstLeaf && node.EndLeaf <= c.EndLeaf && !c.IsLeaf);
            if (next is null)
            {
                return false;
            }

            if (next != node && next.Label is "SBAR" or "S" && next.Children.Any(c => c.Label == "NP" || c.Label == "S"))
            {
                // The subject of a complement clause is still a target ("Arnor believes Dagolath … can cope").
                var clause = next.Label == "SBAR" ? next.Children.FirstOrDefault(c => c.Label == "S") : next;
                // A clause whose subject is a pronoun for the speaker does not hide its objects: "Frodo said he
                // has deep satisfaction toward Gondor" is Frodo's statement toward Gondor.
                var subject = clause?.Children.FirstOrDefault(c => c.Label == "NP");
                if (subject is { Children: [{ Label: "PRP" }] })
                {
                    current = next;
                    continue;
                }

                return subject is null || !(subject.FirstLeaf <= node.FirstLeaf && node.EndLeaf <= subject.EndLeaf);
            }

            current = next;
        }

        return false;
    }

    /// <summary>
    /// Actors of a noun phrase: one per conjunct of a coordinated phrase ("Gondor and Osgiliath"); otherwise
    /// the first actor with the phrase's agents ("an attack by Osgiliath soldiers in south Ithilen" → OSGMIL).
    /// </summary>
    internal List<string> NounPhraseActors(ParseNode node, ImmutableArray<string> words)
    {
        if (node.Label == "PP")
        {
            var np = node.Children.FirstOrDefault(c => c.Label == "NP");
            return np is null ? [] : NounPhraseActors(np, words);
        }

        var conjuncts = node.Children.Where(c => c.Label is "NP" or "NNP" or "NNPS").ToList();
        if (node.Children.Any(c => c.Label == "CC") && conjuncts.Count >= 2)
        {
            var all = new List<string>();
            foreach (var c in conjuncts)
            {
                // A conjunct with agents but no actor stands for itself: "the Danish media and government" → DNKMED, ---GOV.
                var found = c.IsLeaf ? Actors(c.FirstLeaf, c.EndLeaf, words) : NounPhraseActors(c, words);
                if (found.Count == 0 && !c.IsLeaf)
                {
                    found = AgentOnly(c, words);
                }

                foreach (var a in found)
                {
                    if (!all.Contains(a))
                    {
                        all.Add(a);
                    }
                }
            }

            // Agents outside the conjuncts apply to all ("the government of Gondor and Ithilen").
            return all;
        }

        // A possessor names the actor, the rest adds agents: "Ithilen's awful and evil minister Calimehtar" → ITHGOV.
        if (node.Children.Length > 1 && node.Children[0] is { Label: "NP" } possessor && possessor.Children.LastOrDefault()?.Label == "POS")
        {
            var owner = Actors(possessor.FirstLeaf, possessor.EndLeaf, words);
            if (owner.Count > 0)
            {
                var (pre, sufs) = Agents(possessor.EndLeaf, node.EndLeaf, words);
                var suf = sufs.FirstOrDefault() ?? string.Empty;
                return [.. owner.Select(a => pre + a + (suf.Length > 0 && !a.EndsWith(suf, StringComparison.Ordinal) ? suf : string.Empty))];
            }
        }

        // The head before a prepositional phrase names the actor; otherwise the phrase's object does, with the
        // head's agents attached ("the government of Gondor" → GONGOV, "Lawmakers in Fornost and Gondor").
        // Clauses inside a noun phrase ("Gondor … to be allowed to leave Lorien") are not part of it.
        var end = node.Children.FirstOrDefault(c => c.Label is "S" or "SBAR" or "VP")?.FirstLeaf ?? node.EndLeaf;
        var pp = node.Children.FirstOrDefault(c => c.Label == "PP" && c.FirstLeaf < end);
        if (pp is null)
        {
            return Actors(node.FirstLeaf, end, words);
        }

        // An actor phrase may run across the preposition: "the Prince of Dol Amroth".
        for (var i = node.FirstLeaf; i < pp.FirstLeaf; i++)
        {
            // So may an agent phrase: "the Calenardhon Ministry of Silly Walks" → CALGOV.
            if ((Longest(dictionaries.Actors, words, i, node.EndLeaf) ?? Longest(dictionaries.Agents, words, i, node.EndLeaf, exact: true)) is { } spanning
                && i + spanning.Words.Length > pp.FirstLeaf)
            {
                return Actors(node.FirstLeaf, node.EndLeaf, words);
            }
        }

        var head = Actors(node.FirstLeaf, pp.FirstLeaf, words);
        if (head.Count > 0)
        {
            return head;
        }

        var inner = NounPhraseActors(pp, words);
        var (prefix, suffixes) = Agents(node.FirstLeaf, pp.FirstLeaf, words);
        if (suffixes.Count == 0)
        {
            suffixes = [string.Empty];
        }

        // "Lawmakers and officials in Fornost and Gondor": every agent with every actor.
        return [.. inner.SelectMany(a => suffixes.Select(suffix => prefix + a + (suffix.Length > 0 && !a.EndsWith(suffix, StringComparison.Ordinal) ? suffix : string.Empty))).Distinct()];
    }

    private List<string> AgentOnly(ParseNode node, ImmutableArray<string> words)
    {
        // Agents with no actor: one "---" code per conjunct ("Clerics and lawmakers" → ---REL, ---LEG).
        var conjuncts = node.Children.Where(c => c.Label is "NP" or "NNS" or "NN").ToList();
        var spans = node.Children.Any(c => c.Label == "CC") && conjuncts.Count >= 2 ? conjuncts.Select(c => (c.FirstLeaf, c.EndLeaf)).ToList() : [(node.FirstLeaf, node.EndLeaf)];
        var result = new List<string>();
        foreach (var (from, to) in spans)
        {
            var suffix = Agents(from, to, words).Suffixes.FirstOrDefault();
            if (suffix is not null && !result.Contains("---" + suffix))
            {
                result.Add("---" + suffix);
            }
        }

        return result;
    }

    /// <summary>Agents in a span that are not part of an actor: prefix codes joined, suffix codes in order.</summary>
    private (string Prefix, List<string> Suffixes) Agents(int from, int to, ImmutableArray<string> words)
    {
        var prefix = string.Empty;
        var suffixes = new List<string>();
        for (var i = from; i < to;)
        {
            var agent = Longest(dictionaries.Agents, words, i, to, exact: true);
            if (agent is null || Longest(dictionaries.Actors, words, i, to) is not null)
            {
                i++;
                continue;
            }

            if (agent.Code.StartsWith('~'))
            {
                if (!suffixes.Contains(agent.Code[1..]))
                {
                    suffixes.Add(agent.Code[1..]);
                }
            }
            else if (agent.Code.EndsWith('~'))
            {
                prefix += agent.Code[..^1];
            }

            i += agent.Words.Length;
        }

        return (prefix, Former(from, to, words) ? ["ELI"] : suffixes);
    }

    /// <summary>Actor codes in a span, with agents attached (ARN + ~GOV → ARNGOV; NGO~ + ARN → NGOARN).</summary>
    internal List<string> Actors(int from, int to, ImmutableArray<string> words)
    {
        var actors = new List<string>();
        var groups = new List<List<string>> { new() }; // agent suffixes, split at "and" / "," / "or"
        var prefixes = new List<string>();
        var i = from;
        while (i < to)
        {
            if (words[i] is "AND" or "OR" or "," && groups[^1].Count > 0)
            {
                groups.Add([]);
            }

            var actor = Longest(dictionaries.Actors, words, i, to);
            var agent = Longest(dictionaries.Agents, words, i, to, exact: true);
            if (actor is not null && (agent is null || actor.Words.Length >= agent.Words.Length))
            {
                foreach (var code in actor.CodeOn(date).Split('/', StringSplitOptions.RemoveEmptyEntries))
                {
                    if (code != "---" && !actors.Contains(code))
                    {
                        actors.Add(code);
                    }
                }

                i += actor.Words.Length;
            }
            else if (agent is not null)
            {
                var code = agent.Code;
                if (code.StartsWith('~'))
                {
                    groups[^1].Add(code[1..].Trim());
                }
                else if (code.EndsWith('~'))
                {
                    prefixes.Add(code[..^1]);
                }

                i += agent.Words.Length;
            }
            else
            {
                i++;
            }
        }

        if (actors.Count == 0)
        {
            return actors;
        }

        // Agents in a row add up ("Danish Islamist media" → DNK + MUS + MED); coordinated agents give one
        // actor each, sharing the modifiers before them ("Islamist media and government" → MUSMED, MUSGOV).
        var prefix = string.Concat(prefixes.Distinct());
        groups.RemoveAll(g => g.Count == 0);
        if (Former(from, to, words))
        {
            groups = [["ELI"]];
        }

        var shared = groups.Count > 1 ? groups[0].Take(groups[0].Count - 1).ToList() : [];
        var variants = groups.Count == 0 ? [string.Empty]
            : groups.Select((g, n) => string.Concat((n == 0 ? g : shared.Concat(g)).Distinct())).Distinct().ToList();
        return [.. actors.SelectMany(a => variants.Select(v => prefix + a + (a.EndsWith(v, StringComparison.Ordinal) ? string.Empty : v))).Distinct()];
    }

    /// <summary>"Former security officials", "former Gondor prosecutors": PETRARCH codes past office holders as elites (ELI).</summary>
    private static bool Former(int from, int to, ImmutableArray<string> words)
    {
        for (var i = from; i < to; i++)
        {
            if (words[i] == "FORMER")
            {
                return true;
            }
        }

        return false;
    }

    private static DictionaryPhrase? Longest(ImmutableArray<DictionaryPhrase> phrases, ImmutableArray<string> words, int i, int to, bool exact = false)
    {
        DictionaryPhrase? best = null;
        foreach (var phrase in phrases)
        {
            var n = phrase.Words.Length;
            if (n == 0 || i + n > to || (best is not null && n <= best.Words.Length))
            {
                continue;
            }

            var ok = true;
            for (var k = 0; k < n && ok; k++)
            {
                var w = phrase.Words[k];
                var text = words[i + k];
                ok = exact ? text == w : phrase.Exact[k] || w.Length <= 3 || k < n - 1 ? text == w || (k == n - 1 && !phrase.Exact[k] && w.Length > 3 && text.StartsWith(w, StringComparison.Ordinal))
                    : text.StartsWith(w, StringComparison.Ordinal);
            }

            if (ok)
            {
                best = phrase;
            }
        }

        return best;
    }

    private static int FindPhrase(ImmutableArray<string> words, int from, int to, ImmutableArray<string> phrase)
    {
        for (var i = from; i + phrase.Length <= to; i++)
        {
            if (Enumerable.Range(0, phrase.Length).All(k => words[i + k] == phrase[k]))
            {
                return i;
            }
        }

        return -1;
    }
}
