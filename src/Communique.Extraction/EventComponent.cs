using System.Collections.Immutable;
using Communique.Core;
using Communique.Text;

namespace Communique.Extraction;

/// <summary>A trigger from events.tsv.</summary>
public sealed record EventTrigger(string Phrase, string Type, string Cameo, string? Mode, ImmutableArray<string> Flags)
{
    /// <summary>True when the flag is set.</summary>
    public bool Has(string flag) => Flags.Contains(flag);
}

/// <summary>
/// Codes events sentence by sentence: a trigger phrase (events.tsv) gives the PLOVER type, CAMEO code and
/// CONSULT mode; the actor is the sentence's subject group (people → their state, countries, "the Kazakh
/// side", "the parties"), the recipient the first group after the trigger that is not the actor. Visits take
/// the visitor as actor and the host as recipient, decided from the document ("who arrived in Astana",
/// "official visit to", "received", the meeting's place); calls are directed only when the text names the
/// initiator. Dates in the sentence set <c>date</c>, <c>historical</c> and <c>future</c>; "declined to",
/// "have not" set <c>negated</c>. Repeated mentions of one event merge into one event with several evidence spans.
/// </summary>
public sealed class EventComponent(Lexicons lexicons) : IDocumentComponent
{
    /// <inheritdoc />
    public string Name => "events";

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Requires => [Layers.Tokens, Layers.Sentences, Layers.Dates, ExtractionLayers.Lexical, Layers.People, Layers.Entities];

    /// <inheritdoc />
    public IReadOnlyList<AnnotationLayer> Assigns => [Layers.Events];

    /// <inheritdoc />
    public void Process(Document document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        var run = new EventRun(lexicons, document);
        run.Code(cancellationToken);
        document.Set(Layers.Events, run.Output());
    }
}

internal sealed class EventRun
{
    private readonly Lexicons _lex;
    private readonly Document _doc;
    private readonly ImmutableArray<Token> _tokens;
    private readonly string _text;
    private readonly Participant?[] _byToken;
    private readonly string?[] _placeCountry;
    private readonly DateOnly? _published;
    private readonly string? _siteCountry;
    private readonly List<Draft> _drafts = [];
    private List<string>? _lastPersonSubject;
    private string? _initiator; // "at the initiative of …" is found once per document ("" when absent)
    private List<string> _parties;
    private List<string> _lastActor = [];

    public EventRun(Lexicons lex, Document doc)
    {
        _lex = lex;
        _doc = doc;
        _tokens = doc.Tokens;
        _text = doc.MatchText;
        _published = doc.Metadata.Published;
        _siteCountry = lex.FindSite(doc.Metadata.Site)?.Country;
        _byToken = new Participant?[_tokens.Length];
        _placeCountry = new string?[_tokens.Length];
        var people = doc.Get(Layers.People);
        foreach (var p in people)
        {
            if (p.Country is not { Length: 3 } country || !lex.CountryByIso3.ContainsKey(country))
            {
                continue;
            }

            foreach (var m in p.Mentions)
            {
                Mark(m.Span, new Participant([country], p.Id, IsGroup: false));
            }
        }

        var orgSpans = doc.Get(Layers.Entities).Where(o => o.Type is EntityType.Org or EntityType.Forum or EntityType.Company).SelectMany(o => o.Mentions).Select(m => m.Span).ToList();
        foreach (var e in doc.Get(Layers.Entities))
        {
            foreach (var m in e.Mentions)
            {
                var institution = e.Type is EntityType.Org && e.Code is { Length: 3 } && lex.CountryByIso3.ContainsKey(e.Code);
                if ((e.Type == EntityType.Country || institution) && e.Code is not null)
                {
                    Mark(m.Span, new Participant([e.Code], e.Id, IsGroup: false), overwrite: false);
                }
                else if (e.Type is EntityType.City or EntityType.Region or EntityType.Venue && e.Code is { Length: 3 }
                         && !WithinAny(orgSpans, m.Span))
                {
                    var tokens = TokensIn(m.Span);
                    for (var t = tokens.Start.Value; t < tokens.End.Value; t++)
                    {
                        _placeCountry[t] ??= e.Code;
                    }
                }
            }
        }

        // The parties: the states of the people named in the opening sentences, else the publisher's.
        var opening = doc.Sentences.Take(3).ToList();
        _parties = [.. people.Where(p => p.Country is { Length: 3 } && lex.CountryByIso3.ContainsKey(p.Country)
                                         && p.Mentions.Any(m => opening.Any(s => s.Start <= m.Start && m.End <= s.End)))
            .Select(p => p.Country!).Distinct()];
        if (_parties.Count < 2)
        {
            var mostMentioned = doc.Get(Layers.Entities).Where(e => e.Type == EntityType.Country && e.Code is not null && !_parties.Contains(e.Code))
                .OrderByDescending(e => e.Mentions.Length).Select(e => e.Code!);
            foreach (var c in people.Where(p => p.Country is { Length: 3 } && lex.CountryByIso3.ContainsKey(p.Country)).Select(p => p.Country!)
                         .Concat(_siteCountry is null ? [] : [_siteCountry]).Concat(mostMentioned))
            {
                if (!_parties.Contains(c) && _parties.Count < 2)
                {
                    _parties.Add(c);
                }
            }
        }
    }

    private sealed record Participant(ImmutableArray<string> Countries, string? Ref, bool IsGroup);

    private sealed record Group(int First, int End, List<string> Countries, List<string?> Refs);

    private sealed class Draft
    {
        public required EventTrigger Trigger { get; init; }

        public required string Type { get; set; }

        public required string Cameo { get; set; }

        public ConsultMode? Mode { get; set; }

        public List<string> Actor { get; set; } = [];

        public List<string> Recipient { get; set; } = [];

        public List<string?> Refs { get; } = [];

        public string? Date { get; set; }

        public bool Historical { get; set; }

        public bool Future { get; set; }

        public bool Negated { get; set; }

        public bool Meeting { get; set; }

        public bool PlannedMeeting { get; set; }

        /// <summary>The states of a meeting's grammatical subject (empty for "the parties"), for the reporting side.</summary>
        public List<string> Subject { get; set; } = [];

        public string? Place { get; set; }

        public List<Mention> Evidence { get; } = [];

        /// <summary>The trigger phrase of each mention, as offsets (merged events have several); sliced for output events only.</summary>
        public List<(int Start, int End)> Triggers { get; } = [];

        /// <summary>Why each side, the mode, the date and each flag were decided; worded by <see cref="Explain"/>.</summary>
        public SideReason ActorWhy { get; set; }

        public SideReason RecipientWhy { get; set; }

        public Reason ModeWhy { get; set; }

        public Reason DateWhy { get; set; }

        public Reason HistoricalWhy { get; set; }

        public Reason FutureWhy { get; set; }

        public Reason NegatedWhy { get; set; }
    }

    /// <summary>
    /// A reason kept as its parts — a format with {0} for a group's words and {1}, {2} for values — and worded
    /// only for the events that are output: most drafts merge into an earlier mention or are dropped.
    /// </summary>
    private readonly record struct Reason(string? Format, Group? Group = null, string? Arg = null, string? Arg2 = null)
    {
        public bool IsSet => Format is not null;

        public static implicit operator SideReason(Reason reason) => new(reason);
    }

    /// <summary>How one side was found: a reason, perhaps a second one joined by "and", and a remark after them.</summary>
    private readonly record struct SideReason(Reason Main, Reason Also = default, string? Remark = null)
    {
        public bool IsSet => Main.IsSet;
    }

    private static readonly Reason OtherParty = new("the other party of the release");
    private static readonly Reason Parties = new("the parties of the release");
    private static readonly Reason Visitor = new("the visitor");
    private static readonly Reason Host = new("the host");

    private string Say(Reason reason) =>
        reason.Format is null ? string.Empty
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, reason.Format, reason.Group is null ? null : Words(reason.Group), reason.Arg, reason.Arg2);

    private string Say(SideReason side) => Say(side.Main) + (side.Also.IsSet ? " and " + Say(side.Also) : string.Empty) + side.Remark;

    /// <summary>
    /// The reasons for an event's coding, in plain words: the trigger and its lexicon entry, how each side was
    /// found, the mode, the date and the flags. A merged event keeps its first mention's reasons.
    /// </summary>
    private ImmutableArray<string> Explain(Draft d)
    {
        var why = ImmutableArray.CreateBuilder<string>(8);
        var trigger = d.Trigger;
        var mode = trigger.Mode is null ? string.Empty : ", mode " + trigger.Mode;
        var flags = trigger.Flags.IsDefaultOrEmpty ? string.Empty : ", " + string.Join(", ", trigger.Flags);
        var written = d.Triggers.Count > 0 ? _doc.Text[d.Triggers[0].Start..d.Triggers[0].End] : trigger.Phrase;
        var entry = string.Equals(written, trigger.Phrase, StringComparison.OrdinalIgnoreCase) ? string.Empty : $"entry “{trigger.Phrase}”, ";
        why.Add($"trigger “{written}” (events.tsv {entry}{trigger.Type} {trigger.Cameo}{mode}{flags})");
        why.Add($"actor {string.Join("+", d.Actor)}: {Say(d.ActorWhy.IsSet ? d.ActorWhy : Parties)}");
        if (d.Recipient.Count > 0)
        {
            why.Add($"recipient {string.Join("+", d.Recipient)}: {Say(d.RecipientWhy.IsSet ? d.RecipientWhy : OtherParty)}");
        }

        foreach (var reason in (ReadOnlySpan<Reason>)[d.ModeWhy, d.DateWhy, d.Historical ? d.HistoricalWhy : default, d.Future ? d.FutureWhy : default, d.Negated ? d.NegatedWhy : default])
        {
            if (reason.IsSet)
            {
                why.Add(Say(reason));
            }
        }

        return why.ToImmutable();
    }

    /// <summary>The words of a group as written ("President of Italy Sergio Mattarella").</summary>
    private string Words(Group g) => _doc.Text[_tokens[g.First].Start.._tokens[g.End - 1].End];

    public void Code(CancellationToken cancellationToken)
    {
        var title = _doc.Metadata.Title?.Trim();
        foreach (var sentence in _doc.Sentences)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (title is not null && _doc.Text.AsSpan(sentence.Start, sentence.End - sentence.Start).Trim().SequenceEqual(title))
            {
                continue; // the headline restates the body
            }

            var triggers = _lex.EventMatcher.FindLongest(_text, _tokens, sentence.FirstToken, sentence.EndToken);
            if (!HasEventTrigger(triggers) || IsHypothetical(sentence))
            {
                UpdateSubject(sentence, null);
                continue;
            }

            var visitCoded = false;
            foreach (var match in triggers)
            {
                var trigger = match.Values[0];
                if (trigger.Type is "GROUP" or "NONE")
                {
                    continue;
                }

                // "Russian-supported separatists", "a Saudi-led coalition": a participle glued by a hyphen is a modifier.
                if (match.FirstToken > sentence.FirstToken && IsWord(match.FirstToken - 1, "-") && _tokens[match.FirstToken - 1].End == _tokens[match.FirstToken].Start)
                {
                    continue;
                }

                // "discussed … support for Ukraine": a noun phrase that is the subject matter of talks is a topic.
                if (trigger.Has("nominal") && TopicOfTalksBefore(sentence, match.FirstToken))
                {
                    continue;
                }

                // "called on the community to continue providing assistance", "agreed to sign": the act asked for,
                // promised or refused is the content of the earlier trigger, not an act of its own.
                if (trigger.Type is not ("CONSULT" or "GROUP") && ComplementOf(triggers, match, sentence))
                {
                    continue;
                }

                // "struggle to meet their needs", "should condemn": a verb's base form after "to" or a modal reports no act.
                if (trigger.Has("base") && match.FirstToken > sentence.FirstToken && IsNonFactualBefore(match.FirstToken - 1))
                {
                    continue;
                }

                // One visit per sentence: "who is visiting Japan as a Working Visit Guest" is one visit; a visit
                // that is the object of an invitation ("invited X to pay a state visit to Y") is not a visit.
                if (trigger.Mode is "visit" or "host")
                {
                    if (visitCoded || InvitationBefore(triggers, match.FirstToken)
                        || IsWord(match.FirstToken - 1, "pay") || IsWord(match.FirstToken - 2, "pay") || IsWord(match.FirstToken - 3, "pay"))
                    {
                        continue;
                    }

                    visitCoded = true;
                }

                CodeTrigger(sentence, match, trigger, NextTriggerStart(triggers, match.FirstToken) ?? sentence.End);
            }

            UpdateSubject(sentence, null);
        }

        ResolveMeetings();
        PlansAsAgreements();
    }

    /// <summary>
    /// A planned meeting, signing or delivery is not yet an act: PLOVER codes the plan as AGREE (CAMEO 036 intent
    /// to meet, 030 intent to cooperate, 033 intent to provide aid), from the planning side toward the other.
    /// </summary>
    private void PlansAsAgreements()
    {
        foreach (var d in _drafts.Where(d => d.Future && !d.Negated && (d.Type is "CONSULT" or "AID" || (d.Type == "SUPPORT" && d.Cameo == "057"))))
        {
            var was = d.Type == "CONSULT" ? "a planned meeting" : d.Type == "AID" ? "planned aid" : "a planned signing";
            (d.Type, d.Cameo) = d.Type switch { "CONSULT" => ("AGREE", "036"), "AID" => ("AGREE", "033"), _ => ("AGREE", "030") };
            (d.Mode, d.Meeting) = (null, false);
            d.ModeWhy = new Reason("AGREE: {1} is an intent, which PLOVER codes as AGREE", Arg: was);
            if (d.Actor.Count == 2 && d.Recipient.Count == 0 && ReportingSide(d.Actor, d.Subject) is { } side)
            {
                (d.Actor, d.Recipient) = Toward(d.Actor, side.Country);
                (d.ActorWhy, d.RecipientWhy) = (side.Why, new Reason("the other side"));
            }
        }
    }

    private void UpdateSubject(Sentence sentence, List<Group>? groups)
    {
        // "He …" in a later sentence refers to the last sentence subject that was one person.
        var any = false;
        for (var t = sentence.FirstToken; t < Math.Min(sentence.EndToken, sentence.FirstToken + 5) && !any; t++)
        {
            any = _byToken[t] is not null;
        }

        if (!any)
        {
            return;
        }

        groups ??= GroupsOf(sentence);
        if (groups.Count > 0 && groups[0].Refs.Count == 1 && groups[0].Refs[0] is { } r && r.StartsWith('P') && groups[0].First <= sentence.FirstToken + 4)
        {
            _lastPersonSubject = groups[0].Countries;
        }
    }

    private readonly Dictionary<int, List<Group>> _groupCache = [];

    private List<Group> GroupsOf(Sentence sentence)
    {
        if (!_groupCache.TryGetValue(sentence.FirstToken, out var groups))
        {
            groups = Groups(sentence);
            _groupCache[sentence.FirstToken] = groups;
        }

        return groups;
    }

    private void CodeTrigger(Sentence sentence, PhraseMatch<EventTrigger> match, EventTrigger trigger, int nextTrigger)
    {
        var groups = GroupsOf(sentence);
        var subject = Subject(sentence, groups, match.FirstToken);
        var actor = subject?.Countries ?? [];
        SideReason actorWhy = subject is null ? default : new Reason("the subject “{0}”", subject);
        if (actor.Count == 0 && HasPronounBefore(sentence, match.FirstToken))
        {
            // "We are ready …," Aleksandr Lukashenko said: the speaker named after the quote.
            var speaker = groups.FirstOrDefault(g => g.First > match.EndToken && (IsWord(g.End, "said") || IsWord(g.End, "stated") || IsWord(g.End, "noted") || IsWord(g.End, "added")));
            actor = speaker is not null ? speaker.Countries : [.. _lastPersonSubject ?? _lastActor];
            actorWhy = speaker is not null ? new Reason("the speaker “{0}” named after the quote", speaker) : new Reason("a pronoun standing for the last subject");
        }
        else if (actor.Count == 0 && _siteCountry is not null && trigger.Type is not ("CONSULT" or "ASSAULT" or "COERCE" or "AID"))
        {
            actor = [_siteCountry]; // "the Ministry summoned …": the publisher acts
            actorWhy = new Reason("the publisher ({1}), as no subject is named", Arg: _doc.Metadata.Site);
        }

        var objectGroups = groups.Where(g => g.First >= match.EndToken).ToList();
        if (trigger.Type is "ASSAULT" or "COERCE")
        {
            // Nominal triggers name their agent next to them ("Russian strikes on …") or after "by"; the
            // sentence's subject ("the Foreign Secretary announced … the detention of …") is not the agent.
            // "Russian drone and missile attacks": up to two modifier words between; "X condemned the attacks" is no agent.
            var modifier = groups.LastOrDefault(g => g.End <= match.FirstToken && match.FirstToken - g.End <= 2 && OnlyModifiers(g.End, match.FirstToken));
            var verbal = _text.AsSpan(_tokens[match.FirstToken].Start, _tokens[match.FirstToken].Length).EndsWith("ed", StringComparison.OrdinalIgnoreCase);
            actor = modifier?.Countries ?? (verbal ? actor : []);
            actorWhy = modifier is not null ? new Reason("“{0}” next to the trigger", modifier) : actorWhy;
        }

        // Nominal triggers with an agent: "detention of an Estonian citizen by the Russian FSB".
        var byIndex = FindToken(match.EndToken, sentence.EndToken, "by");
        if (byIndex >= 0 && trigger.Type is "COERCE" or "ASSAULT" && objectGroups.FirstOrDefault(g => g.First > byIndex) is { } agent)
        {
            actor = agent.Countries;
            actorWhy = new Reason("the agent “{0}” after “by”", agent);
            objectGroups = [.. objectGroups.Where(g => g.End <= byIndex)];
        }

        if (trigger.Has("passive"))
        {
            // "The Finnish Ambassador was summoned (by …)": the subject receives the act.
            var by = FindToken(match.EndToken, sentence.EndToken, "by");
            var agentGroup = by >= 0 ? groups.FirstOrDefault(g => g.First > by) : null;
            var passiveActor = agentGroup?.Countries ?? (_siteCountry is null ? [] : [_siteCountry]);
            objectGroups = subject is null ? [] : [subject];
            actor = passiveActor;
            actorWhy = agentGroup is not null ? new Reason("the agent “{0}” after “by” (passive)", agentGroup) : new Reason("the publisher ({1}) of a passive report", Arg: _doc.Metadata.Site);
        }

        var recipientGroup = objectGroups.FirstOrDefault(g => g.Countries.Any(c => !actor.Contains(c)));
        var recipient = recipientGroup?.Countries.Where(c => !actor.Contains(c)).Distinct().ToList() ?? [];
        SideReason recipientWhy = recipientGroup is null ? default
            : trigger.Has("passive") ? new Reason("the subject “{0}” (passive)", recipientGroup) : new Reason("“{0}” after the trigger", recipientGroup);
        Reason modeWhy = default;
        var draft = new Draft
        {
            Trigger = trigger, Type = trigger.Type, Cameo = trigger.Cameo,
            Triggers = { (match.Start, match.End) },
        };
        if (subject is not null)
        {
            draft.Refs.AddRange(subject.Refs);
        }

        if (recipientGroup is not null)
        {
            draft.Refs.AddRange(recipientGroup.Refs);
        }

        if (trigger.Mode is "visit" && subject is not null && !subject.Refs.Any(r => r is not null && r.StartsWith('P')) && !IsGroupPhrase(subject))
        {
            return; // "German tourists visited Kazakhstan" is not a state visit
        }

        if (trigger.Has("personobject") && (recipientGroup is null || !recipientGroup.Refs.Any(r => r is not null && r.StartsWith('P'))))
        {
            return;
        }

        var place = PlaceAfter(match.EndToken, sentence.EndToken) ?? PlaceIn(sentence);
        draft.Place = place;
        var hasObject = recipient.Count > 0;
        switch (trigger.Mode)
        {
            case "phone":
                draft.Mode = ConsultMode.Phone;
                var initiator = _initiator ??= Initiator() ?? string.Empty;
                var all = actor.Concat(recipient).Distinct().ToList();
                var sides = !actorWhy.IsSet ? recipientWhy : !recipientWhy.IsSet ? actorWhy : actorWhy with { Also = recipientWhy.Main };
                if (all.Count < 2)
                {
                    all = [.. all.Concat(_parties).Distinct()];
                    sides = !sides.IsSet ? Parties : sides with { Remark = ", with the other party of the release" };
                }

                if (initiator.Length > 0 && all.Contains(initiator))
                {
                    actor = [initiator];
                    recipient = [.. all.Where(c => c != initiator)];
                    (actorWhy, recipientWhy) = (new Reason("the side that initiated the call (“at the initiative of”)"), new Reason("the other side of the call"));
                    modeWhy = new Reason("phone: the release names who initiated the call");
                }
                else if (trigger.Has("initiator") && actor.Count == 1 && recipient.Count > 0 && subject is not null && !IsGroupPhrase(subject))
                {
                    // "Erdogan phoned Aliyev", "President Obama called Dr. Haider al-Abadi": the caller placed the call.
                    modeWhy = new Reason("phone: the subject placed the call (“{1}”)", Arg: _doc.Text[match.Start..match.End]);
                }
                else if (ReportingSide(all, SubjectStates(subject)) is { } side)
                {
                    (actor, recipient) = Toward(all, side.Country);
                    (actorWhy, recipientWhy) = (side.Why, new Reason("the other side of the call"));
                    modeWhy = new Reason("phone: no initiator is named, so the reporting side is the actor");
                }
                else
                {
                    actor = all;
                    recipient = [];
                    (actorWhy, recipientWhy) = (sides, default);
                    modeWhy = new Reason("phone: no initiator is named and no side reports it, so both sides are actors");
                }
                break;
            case "visit":
                draft.Mode = ConsultMode.Visit;
                if (recipient.Count == 0 && place is not null && !actor.Contains(place))
                {
                    recipient = [place];
                    recipientWhy = new Reason("the host {1}, where the visit takes place", Arg: place);
                }

                if (recipient.Count == 0 && actor.Count > 0)
                {
                    recipient = [.. _parties.Where(c => !actor.Contains(c)).Take(1)];
                    recipientWhy = OtherParty;
                }

                modeWhy = new Reason("visit: the actor is the visitor, the recipient the host");
                break;
            case "host":
                draft.Mode = ConsultMode.Visit;
                (actor, recipient) = (recipient, actor);
                (actorWhy, recipientWhy) = (recipientWhy, actorWhy);
                modeWhy = new Reason("visit: the trigger's subject hosts, so the guest is the actor");
                break;
            case "meeting":
                draft.Meeting = true;
                draft.Subject = [.. SubjectStates(subject)];
                if (recipient.Count > 0)
                {
                    actorWhy = !actorWhy.IsSet ? recipientWhy : actorWhy with { Also = recipientWhy.Main };
                    recipientWhy = default;
                }

                actor = [.. actor.Concat(recipient).Distinct()];
                recipient = [];
                if (actor.Count < 2)
                {
                    actor = [.. actor.Concat(_parties).Distinct()];
                    actorWhy = !actorWhy.IsSet ? Parties : actorWhy with { Remark = ", with the other party of the release" };
                }

                break;
            case "multilateral":
                var states = MultilateralStates(actor, sentence);
                if (states.Count < 3)
                {
                    return;
                }

                draft.Mode = ConsultMode.Multilateral;
                (actor, recipient) = (states, []);
                (actorWhy, recipientWhy, modeWhy) = (new Reason("the states named in the sentence or at the start of the release"), default,
                    new Reason("multilateral: {1} states take part", Arg: states.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                break;
        }

        if (trigger.Has("joint") && actor.Count == 0)
        {
            return; // "The Times is committed to …": a joint act needs a party as its subject
        }

        if (trigger.Has("joint"))
        {
            var parties = actor.Count >= 2 ? actor : [.. actor.Concat(_parties).Distinct()];
            // A third state the joint act is directed at stays the recipient ("together with the Kyrgyz Republic").
            recipient = [.. recipient.Where(c => !parties.Contains(c))];
            actorWhy = actor.Count >= 2 ? actorWhy with { Remark = " (a joint act)" }
                : (actorWhy.IsSet ? actorWhy : new Reason("no subject is named")) with { Remark = "; joined by the other party of the release (a joint act)" };
            recipientWhy = recipient.Count > 0 ? recipientWhy : default;
            actor = parties;
            if (actor.Count == 2 && recipient.Count == 0 && trigger.Type != "CONSULT"
                && ReportingSide(actor, SubjectStates(subject)) is { } side)
            {
                // A joint act of two states is coded from the side that reports it, toward the other.
                (actor, recipient) = Toward(actor, side.Country);
                (actorWhy, recipientWhy) = (side.Why with { Format = side.Why.Format + " (a joint act of two states)" }, new Reason("the other party of the joint act"));
            }
        }

        if (trigger.Has("reverse"))
        {
            (actor, recipient) = (recipient.Count > 0 ? recipient : [.. _parties.Where(c => !actor.Contains(c))], actor);
            (actorWhy, recipientWhy) = (recipientWhy.IsSet ? recipientWhy : OtherParty, actorWhy with { Remark = " (the trigger reverses the sides)" });
        }

        if (recipient.Count == 0 && trigger.Type is "ACCUSE" or "PROTEST"
            && _drafts.LastOrDefault(d => d.Type is "ASSAULT" or "COERCE") is { } attack && !attack.Actor.SequenceEqual(actor))
        {
            recipient = [.. attack.Actor]; // "condemned the attacks"
            recipientWhy = new Reason("the actor of the attack reported before");
        }

        if (recipient.Count == 0 && trigger.Type == "AID" && place is not null && !actor.Contains(place))
        {
            recipient = [place];
            recipientWhy = new Reason("the place the aid goes to ({1})", Arg: place);
        }

        if (trigger.Has("recipientless"))
        {
            recipient = [];
            recipientWhy = default;
        }

        if (actor.Count == 0)
        {
            return;
        }

        if (recipient.Count == 0 && !trigger.Has("joint") && !trigger.Has("recipientless") && draft.Mode is null && !draft.Meeting
            && trigger.Type is "SUPPORT" or "AGREE" or "REQUEST" or "ACCUSE" or "THREATEN" or "SANCTION" or "REJECT" && _parties.Count == 2)
        {
            recipient = [.. _parties.Where(c => !actor.Contains(c))];
            recipientWhy = OtherParty;
        }

        if (trigger.Has("needobject") && (!hasObject || actor.Count == 0 || (recipient.Count == 0 && draft.Mode != ConsultMode.Phone)))
        {
            return;
        }

        // "took part in the summit" is a meeting; "took part in the mourning ceremonies" is not.
        if (trigger.Has("needmeeting") && !MeetingFollows(match.EndToken, Math.Min(sentence.EndToken, match.EndToken + 8)))
        {
            return;
        }

        draft.Actor = actor;
        draft.Recipient = recipient;
        if (draft.Type == "AGREE" && draft.Cameo == "030")
        {
            RefineAgreement(draft, match.EndToken, sentence.EndToken);
        }

        (draft.ActorWhy, draft.RecipientWhy, draft.ModeWhy) = (actorWhy, recipientWhy, modeWhy);
        SetTime(draft, sentence, match, nextTrigger);
        var negation = IsNegated(sentence, match.FirstToken);
        draft.Negated = trigger.Has("negated") || negation is not null;
        draft.NegatedWhy = trigger.Has("negated") ? new Reason("negated: the trigger reports a refusal or a denial") : new Reason("negated: “{1}” before the trigger", Arg: negation);
        draft.Evidence.Add(new Mention(sentence.Start, sentence.End, _doc.Text[sentence.Start..sentence.End]));
        _drafts.Add(draft);
        if (draft.Type == "CONSULT" && !draft.Negated && !draft.Historical)
        {
            _parties = [.. draft.Actor.Concat(draft.Recipient).Distinct()];
        }

        _lastActor = actor;
        if (trigger.Has("negconsult"))
        {
            var consult = new Draft
            {
                Trigger = trigger, Type = "CONSULT", Cameo = "040", Actor = [.. actor.Concat(recipient).Distinct()], Recipient = [], Negated = true,
                Triggers = { draft.Triggers[0] }, ActorWhy = new Reason("both sides of the refused act"),
                NegatedWhy = new Reason("negated: refusing the act is also refusing to meet"),
            };
            consult.Evidence.Add(draft.Evidence[0]);
            _drafts.Add(consult);
        }
    }

    private void RefineAgreement(Draft draft, int from, int to)
    {
        // What was agreed decides the CAMEO code: to meet or keep in contact (036), on security (0312), on the economy (0311).
        var end = Math.Min(to, from + 12);
        bool Any(params ReadOnlySpan<string> words)
        {
            for (var t = from; t < end; t++)
            {
                foreach (var w in words)
                {
                    if (IsWord(t, w))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        if (Any("meet", "meeting", "hold", "visit", "summit", "contact", "contacts", "speak", "talks"))
        {
            draft.Cameo = "036";
            draft.PlannedMeeting = Any("meet", "meeting", "hold", "visit", "summit", "speak", "next");
        }
        else if (Any("defence", "defense", "military", "security", "exercise", "exercises"))
        {
            draft.Cameo = "0312";
        }
        else if (Any("trade", "economic", "investment", "industrial", "energy", "projects", "business", "transport", "partnership", "house", "target"))
        {
            draft.Cameo = "0311";
        }
    }

    private void SetTime(Draft draft, Sentence sentence, PhraseMatch<EventTrigger> match, int nextTrigger)
    {
        // The date of an event: the nearest date after the trigger in its sentence, or one that opens the sentence.
        var opening = sentence.FirstToken + 4 < _tokens.Length ? _tokens[Math.Min(sentence.EndToken - 1, sentence.FirstToken + 4)].End : sentence.End;
        DateAnnotation? date = null;
        DateAnnotation? first = null;

        // A relative clause after the trigger dates something else: "imposing sanctions on Russia …, responding to
        // the death of Navalny, who died on 16 February".
        for (var t = sentence.FirstToken; t + 1 < sentence.EndToken; t++)
        {
            if (_tokens[t].Start >= match.End && _tokens[t].Start < nextTrigger && IsWord(t, ",")
                && (IsWord(t + 1, "who") || IsWord(t + 1, "which") || IsWord(t + 1, "whose")))
            {
                nextTrigger = _tokens[t].Start;
                break;
            }
        }

        foreach (var d in _doc.Get(Layers.Dates))
        {
            if (d.Start < sentence.Start || d.End > sentence.End || d.Value is null)
            {
                continue;
            }

            if (d.Start >= match.End && d.Start < nextTrigger)
            {
                date = d; // dates are in text order: the first after the trigger is the nearest
                break;
            }

            if (first is null && d.Start < opening)
            {
                first = d;
            }
        }

        date ??= first;
        if (date?.Value is { } value && _published is { } published)
        {
            if (value.To < published)
            {
                draft.Historical = true;
                draft.HistoricalWhy = new Reason("historical: dated before the publication date");
            }
            else if (value.From > published && !(draft.Trigger.Has("present") && value.From.DayNumber - published.DayNumber <= 7))
            {
                draft.Future = true; // "is paying an official visit on 18 and 19 January" (published the 18th) is under way
                draft.FutureWhy = new Reason("future: dated after the publication date");
            }

            draft.Date = value.ToString();
            draft.DateWhy = new Reason(date.Relative ? "date {1}: “{2}” in the sentence, resolved against the publication date" : "date {1}: “{2}” in the sentence", Arg: draft.Date, Arg2: date.Text);
        }

        if (Contains(sentence, "recalled") || Contains(sentence, "then"))
        {
            if (!draft.HistoricalWhy.IsSet)
            {
                draft.HistoricalWhy = new Reason(Contains(sentence, "recalled") ? "historical: the sentence recalls it (“recalled”)" : "historical: “then” places it in the past");
            }

            draft.Historical = draft.Historical || !draft.Future;
        }

        // "will also hold talks", "shall pay a visit": the modal right before the trigger (adverbs skipped).
        var before = match.FirstToken - 1;
        while (before > sentence.FirstToken && (IsWord(before, "also") || IsWord(before, "then") || IsWord(before, "soon") || IsWord(before, "further")))
        {
            before--;
        }

        var plannedTo = before > sentence.FirstToken && IsWord(before, "to") && IsPlanWord(before - 1);
        var willDo = before >= sentence.FirstToken && (IsWord(before, "will") || IsWord(before, "shall") || plannedTo);
        if (draft.Trigger.Has("future") || draft.PlannedMeeting || (willDo && !draft.Historical))
        {
            draft.FutureWhy = draft.Trigger.Has("future") ? new Reason("future: the trigger is a plan, promise or invitation (an AGREE in PLOVER)")
                : draft.PlannedMeeting ? new Reason("future: an agreement to meet")
                : draft.FutureWhy.IsSet ? draft.FutureWhy
                : new Reason("future: “{1}” before the trigger", Arg: plannedTo ? _doc.Text[_tokens[before - 1].Start.._tokens[before].End] : IsWord(before, "will") ? "will" : "shall");
            draft.Future = true;
            draft.Historical = false;
        }
    }

    private void ResolveMeetings()
    {
        var visits = _drafts.Where(d => !d.Meeting && d.Mode == ConsultMode.Visit && !d.Negated && d.Actor.Count > 0 && d.Recipient.Count > 0)
            .Select(d => (Visitor: d.Actor[0], Host: d.Recipient[0], d.Historical)).ToList();
        foreach (var d in _drafts.Where(d => d.Meeting && !d.Negated))
        {
            var states = d.Actor;
            if (states.Count >= 3)
            {
                d.Mode = ConsultMode.Multilateral;
                d.Cameo = "040";
                d.ModeWhy = new Reason("multilateral: {1} states meet", Arg: states.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                continue;
            }

            if (states.Count != 2)
            {
                continue;
            }

            var visit = d.Historical ? default : visits.FirstOrDefault(v => states.Contains(v.Visitor) && states.Contains(v.Host) && !v.Historical);
            var place = d.Place ?? (d.Historical ? null : DocumentPlace());
            if (visit != default)
            {
                (d.Actor, d.Recipient, d.Mode, d.Cameo) = ([visit.Visitor], [visit.Host], ConsultMode.Visit, "042");
                d.ModeWhy = new Reason("visit: the release reports a visit by {1} to {2}, so the meeting is that visit", Arg: visit.Visitor, Arg2: visit.Host);
                (d.ActorWhy, d.RecipientWhy) = (Visitor, Host);
            }
            else if (place is not null && states.Contains(place))
            {
                (d.Actor, d.Recipient, d.Mode, d.Cameo) = ([.. states.Where(s => s != place)], [place], ConsultMode.Visit, "042");
                d.ModeWhy = new Reason(d.Place is not null ? "visit: the meeting took place in {1}, so {1} hosts" : "visit: the release is datelined or set in {1}, so {1} hosts", Arg: place);
                (d.ActorWhy, d.RecipientWhy) = (Visitor, Host);
            }
            else if (place is not null)
            {
                (d.Mode, d.Cameo) = (ConsultMode.ThirdParty, "044");
                d.ModeWhy = new Reason("third-party: the meeting took place in {1}, neither side's country", Arg: place);
            }
            else if (!d.Historical && ReportingSide(states, d.Subject) is { } side)
            {
                // A meeting with no place or visit: the reporting side met the other (CAMEO 040, no mode).
                (d.Actor, d.Recipient) = Toward(states, side.Country);
                (d.ActorWhy, d.RecipientWhy) = (side.Why, new Reason("the other side"));
                d.ModeWhy = new Reason("no mode: the release gives no place or visit for the meeting");
            }
            else if (d.Historical)
            {
                // A recalled meeting with no place: the subject met the other side (CAMEO 040, no mode).
                (d.Actor, d.Recipient) = ([states[0]], [states[1]]);
                (d.ActorWhy, d.RecipientWhy) = (new Reason("the subject of a recalled meeting"), new Reason("the other side"));
            }
        }
    }

    public ImmutableArray<EventAnnotation> Output()
    {
        var merged = new List<Draft>();
        foreach (var d in _drafts)
        {
            var same = merged.FirstOrDefault(m => m.Type == d.Type && m.Negated == d.Negated && m.Future == d.Future && (m.Type == "CONSULT" || m.Cameo == d.Cameo)
                                                  && SameSet(m.Actor, d.Actor) && SameSet(m.Recipient, d.Recipient)
                                                  && (m.Type != "CONSULT" || m.Mode == d.Mode)
                                                  && (m.Date is null || d.Date is null || m.Date == d.Date || !(m.Historical || m.Future))
                                                  && (m.Historical == d.Historical || (d.Type != "CONSULT" && (m.Date is null || d.Date is null))));
            if (same is null)
            {
                merged.Add(d);
                continue;
            }

            same.Historical |= d.Historical && same.Date is null;
            same.Date ??= d.Date;
            same.Mode ??= d.Mode;
            foreach (var e in d.Evidence)
            {
                if (!same.Evidence.Any(x => x.Start == e.Start))
                {
                    same.Evidence.Add(e);
                }
            }

            foreach (var t in d.Triggers)
            {
                if (!same.Triggers.Any(x => x.Start == t.Start))
                {
                    same.Triggers.Add(t);
                }
            }
        }

        var people = _doc.Get(Layers.People);
        return [.. merged.Select(d => new EventAnnotation(
            OntologyNames.TryParsePlover(d.Type, out var type) ? type : PloverType.Consult,
            d.Type == "CONSULT" ? d.Mode : null,
            d.Type == "CONSULT" && d.Mode is { } mode ? mode switch { ConsultMode.Phone => "041", ConsultMode.Visit => "042", ConsultMode.ThirdParty => "044", _ => "040" } : d.Cameo,
            [.. d.Actor.Select(c => ToParticipant(c, d.Refs, people))],
            [.. d.Recipient.Select(c => ToParticipant(c, d.Refs, people))],
            d.Date ?? _published?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            d.Historical, d.Future, d.Negated, [.. d.Evidence])
        {
            Triggers = [.. d.Triggers.Select(t => new Mention(t.Start, t.End, _doc.Text[t.Start..t.End]))],
            Why = Explain(d),
        })];
    }

    private static EventParticipant ToParticipant(string country, List<string?> refs, ImmutableArray<PersonAnnotation> people)
    {
        var person = people.FirstOrDefault(p => p.Country == country && refs.Contains(p.Id));
        return new EventParticipant(country, OntologyNames.ActorCode(country, person?.Sector ?? "GOV"), person?.Id);
    }

    private static bool HasEventTrigger(ImmutableArray<PhraseMatch<EventTrigger>> triggers)
    {
        foreach (var t in triggers)
        {
            if (t.Values[0].Type is not ("GROUP" or "NONE"))
            {
                return true;
            }
        }

        return false;
    }

    private static int? NextTriggerStart(ImmutableArray<PhraseMatch<EventTrigger>> triggers, int token)
    {
        foreach (var t in triggers)
        {
            if (t.FirstToken > token && t.Values[0].Type is not ("GROUP" or "NONE"))
            {
                return t.Start;
            }
        }

        return null;
    }

    private static bool InvitationBefore(ImmutableArray<PhraseMatch<EventTrigger>> triggers, int token)
    {
        foreach (var t in triggers)
        {
            if (t.FirstToken < token && t.Values[0].Type == "AGREE" && t.Values[0].Has("future"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool WithinAny(List<TextSpan> spans, TextSpan span)
    {
        foreach (var outer in spans)
        {
            if (outer.Contains(span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameSet(List<string> a, List<string> b) => a.Count == b.Count && a.All(b.Contains);

    private List<Group> Groups(Sentence sentence)
    {
        var groups = new List<Group>();
        Group? current = null;
        var lastEnd = -1;
        for (var t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            // Party phrases start with "the" or "both".
            var group = (IsWord(t, "the") || IsWord(t, "both")) && _lex.EventMatcher.TryMatchAt(_text, _tokens, t, sentence.EndToken, out var g) && g.Values[0].Type == "GROUP"
                ? g : (PhraseMatch<EventTrigger>?)null;
            List<string>? countries = null;
            string? reference = null;
            var end = t + 1;
            if (group is { } gm)
            {
                countries = [.. _parties];
                end = gm.EndToken;
            }
            else if (_byToken[t] is { } p)
            {
                countries = [.. p.Countries];
                reference = p.Ref;
                while (end < sentence.EndToken && _byToken[end] == p)
                {
                    end++;
                }
            }

            if (countries is null)
            {
                continue;
            }

            // "X and Y", "X, Y and Z", "Kazakh-Italian" join into one group.
            var joined = current is not null && t - lastEnd <= 2;
            for (var k = lastEnd; joined && k < t; k++)
            {
                joined = IsWord(k, "and") || IsWord(k, ",") || IsWord(k, "-") || IsWord(k, "'s");
            }

            if (joined && current is not null && !IsWord(t - 1, "'s"))
            {
                current.Countries.AddRange(countries.Where(c => !current.Countries.Contains(c)));
                current.Refs.Add(reference);
                current = current with { End = end };
                groups[^1] = current;
            }
            else
            {
                current = new Group(t, end, countries, [reference]);
                groups.Add(current);
            }

            lastEnd = end;
            t = end - 1;
        }

        return groups;
    }

    private Group? Subject(Sentence sentence, List<Group> groups, int trigger)
    {
        var before = groups.Where(g => g.End <= trigger).ToList();
        if (before.Count == 0)
        {
            return null;
        }

        // A group right before the verb is its subject: "and Prime Minister Kishida expressed his gratitude".
        var adjacent = trigger;
        while (adjacent > sentence.FirstToken && (IsWord(adjacent - 1, "also") || IsWord(adjacent - 1, "then") || IsWord(adjacent - 1, "in") && IsWord(adjacent, "turn")
               || _text.AsSpan(_tokens[adjacent - 1].Start, _tokens[adjacent - 1].Length).EndsWith("ly", StringComparison.Ordinal)))
        {
            adjacent--;
        }

        if (before[^1].End == adjacent)
        {
            return before[^1];
        }

        // "…, who arrived in Astana": the group right before the relative pronoun.
        for (var k = trigger; k >= Math.Max(sentence.FirstToken, trigger - 6); k--)
        {
            if (IsWord(k, "who") || IsWord(k, "which"))
            {
                return before.LastOrDefault(g => g.End <= k);
            }
        }

        // "…, and highly appreciated": the main clause's subject.
        var j = trigger - 1;
        while (j > sentence.FirstToken && (IsWord(j, "also") || IsWord(j, "then") || _text.AsSpan(_tokens[j].Start, _tokens[j].Length).EndsWith("ly", StringComparison.Ordinal)))
        {
            j--;
        }

        // "In response to Russia's actions, the Government of Estonia …": the subject follows the opening phrase.
        var main = before[0];
        if (IsWord(sentence.FirstToken, "in") || IsWord(sentence.FirstToken, "on") || IsWord(sentence.FirstToken, "at") || IsWord(sentence.FirstToken, "after")
            || IsWord(sentence.FirstToken, "following") || IsWord(sentence.FirstToken, "during") || IsWord(sentence.FirstToken, "contrary") || IsWord(sentence.FirstToken, "upon"))
        {
            var comma = FindToken(sentence.FirstToken, trigger, ",");
            if (comma >= 0 && before.FirstOrDefault(g => g.First > comma) is { } afterIntro)
            {
                main = afterIntro;
            }
        }

        if (IsWord(j, "and"))
        {
            return main;
        }

        // "recalled that X visited": the subject of the that-clause.
        for (var k = trigger - 1; k > main.End; k--)
        {
            if (IsWord(k, "that"))
            {
                return before.FirstOrDefault(g => g.First > k) ?? main;
            }
        }

        return main;
    }

    private bool IsGroupPhrase(Group g) => _lex.EventMatcher.TryMatchAt(_text, _tokens, g.First, g.End, out var m) && m.Values[0].Type == "GROUP";

    private List<string> MultilateralStates(List<string> actor, Sentence sentence)
    {
        // "took part in the summit with the Presidents of Kyrgyzstan, Tajikistan, …": the states named in the
        // sentence; otherwise the states of the people named at the start of the release.
        var named = _doc.Get(Layers.Entities)
            .Where(e => e.Type == EntityType.Country && e.Code is { Length: 3 } && e.Mentions.Any(m => sentence.Start <= m.Start && m.End <= sentence.End))
            .Select(e => e.Code!)
            .Concat(_doc.Get(Layers.People).Where(p => p.Country is { Length: 3 } && p.Mentions.Any(m => sentence.Start <= m.Start && m.End <= sentence.End)).Select(p => p.Country!))
            .ToList();
        if (actor.Concat(named).Distinct().Count() >= 3)
        {
            return [.. actor.Concat(named).Distinct()];
        }

        var opening = _doc.Sentences.Take(3).ToList();
        return [.. actor.Concat(_doc.Get(Layers.People)
            .Where(p => p.Country is { Length: 3 } && _lex.CountryByIso3.ContainsKey(p.Country) && p.Mentions.Any(m => opening.Any(s => s.Start <= m.Start && m.End <= s.End)))
            .Select(p => p.Country!)).Distinct()];
    }

    /// <summary>
    /// The side that reports an undirected call or meeting: the publisher's state when it takes part, else the
    /// subject's single state; null when neither decides (both sides then act).
    /// </summary>
    private (string Country, Reason Why)? ReportingSide(List<string> states, List<string> subject)
    {
        if (_siteCountry is not null && states.Contains(_siteCountry))
        {
            return (_siteCountry, new Reason("the reporting side: the publisher ({1}) speaks for {2}", Arg: _doc.Metadata.Site, Arg2: _siteCountry));
        }

        return subject.Count == 1 && states.Contains(subject[0]) ? (subject[0], new Reason("the reporting side: the subject of the report ({1})", Arg: subject[0])) : null;
    }

    private string? Initiator()
    {
        // "at the initiative of the Chinese side" anywhere in the document.
        foreach (var s in _doc.Sentences)
        {
            for (var t = s.FirstToken; t + 3 < s.EndToken; t++)
            {
                if (IsWord(t, "initiative") && IsWord(t + 1, "of"))
                {
                    for (var k = t + 2; k < Math.Min(s.EndToken, t + 6); k++)
                    {
                        if (_byToken[k] is { } p)
                        {
                            return p.Countries[0];
                        }
                    }
                }
            }
        }

        return null;
    }

    private string? PlaceAfter(int from, int to)
    {
        for (var t = from; t < Math.Min(to, from + 8); t++)
        {
            if (_placeCountry[t] is { } c && (IsWord(t - 1, "in") || IsWord(t - 1, "to") || IsWord(t - 1, "at") || IsWord(t - 1, "for") || IsWord(t - 2, "in") || IsWord(t - 2, "to") || IsWord(t - 2, "at")))
            {
                return c;
            }

            if (_byToken[t] is { } p && !p.IsGroup && (IsWord(t - 1, "to") || IsWord(t - 1, "in")) && IsCountryName(t))
            {
                return p.Countries[0];
            }
        }

        return null;
    }

    private string? PlaceIn(Sentence sentence)
    {
        for (var t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            if (_placeCountry[t] is { } c && (IsWord(t - 1, "in") || IsWord(t - 1, "at")))
            {
                return c;
            }
        }

        return null;
    }

    private string? DocumentPlace()
    {
        // The dateline or the first "in <city>" of the opening sentences.
        foreach (var s in _doc.Sentences.Take(4))
        {
            if (PlaceIn(s) is { } c)
            {
                return c;
            }

            if (_placeCountry[s.FirstToken] is { } dateline && _tokens[s.FirstToken].Has(TokenFlags.AllCaps))
            {
                return dateline;
            }
        }

        return null;
    }

    private bool IsCountryName(int t) => _lex.Matcher.TryMatchAt(_text, _tokens, t, Math.Min(_tokens.Length, t + 8), out var m)
                                         && m.Values.Any(v => v.Kind == LexKind.CountryName);

    private bool HasPronounBefore(Sentence sentence, int trigger)
    {
        for (var t = sentence.FirstToken; t < trigger; t++)
        {
            if (IsWord(t, "he") || IsWord(t, "she") || IsWord(t, "his") || IsWord(t, "her") || IsWord(t, "they") || IsWord(t, "their") || IsWord(t, "we") || IsWord(t, "i"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The negation word within three words before the trigger ("not", "never", "didn't"…), or null.</summary>
    private string? IsNegated(Sentence sentence, int trigger)
    {
        for (var t = Math.Max(sentence.FirstToken, trigger - 3); t < trigger; t++)
        {
            if (IsWord(t, "not") || IsWord(t, "never") || IsWord(t, "n't") || IsWord(t, "no")
                || _text.AsSpan(_tokens[t].Start, _tokens[t].Length).EndsWith("n't", StringComparison.OrdinalIgnoreCase))
            {
                return _doc.Text.Substring(_tokens[t].Start, _tokens[t].Length);
            }
        }

        return null;
    }

    /// <summary>The trigger is what talks covered: a talk verb shortly before it ("discussed … support for Ukraine"), with no "following" or "after" between.</summary>
    private bool TopicOfTalksBefore(Sentence sentence, int trigger)
    {
        for (var t = trigger - 1; t >= Math.Max(sentence.FirstToken, trigger - 12); t--)
        {
            if (IsClass(t, "causeword") || IsWord(t, ";"))
            {
                return false;
            }

            if (IsClass(t, "talkverb"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the tokens [from, to) are modifier words of a noun: no verb in -ed, no article, no punctuation but a hyphen.</summary>
    private bool OnlyModifiers(int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            var word = _text.AsSpan(_tokens[k].Start, _tokens[k].Length);
            if (IsWord(k, "the") || IsWord(k, "a") || IsWord(k, "an") || IsWord(k, ",") || word.EndsWith("ed", StringComparison.OrdinalIgnoreCase)
                || (word.Length == 1 && !char.IsLetter(word[0]) && word[0] != '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when an earlier trigger of the sentence asks for, promises, threatens or refuses something and this
    /// trigger follows it within the same clause ("urged X to stop attacks on", "agreed to sign").
    /// </summary>
    private bool ComplementOf(ImmutableArray<PhraseMatch<EventTrigger>> triggers, PhraseMatch<EventTrigger> match, Sentence sentence)
    {
        foreach (var t in triggers)
        {
            if (t.FirstToken >= match.FirstToken)
            {
                break;
            }

            var v = t.Values[0];
            if (v.Type is not ("REQUEST" or "AGREE" or "THREATEN" or "REJECT") || match.FirstToken - t.EndToken > 12)
            {
                continue;
            }

            var boundary = false;
            for (var k = t.EndToken; k < match.FirstToken && !boundary; k++)
            {
                boundary = IsWord(k, ";") || (IsWord(k, ",") && (IsWord(k + 1, "and") || IsWord(k + 1, "while") || IsWord(k + 1, "but")));
            }

            if (!boundary)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"scheduled to", "expected to", "plans to": what follows is planned.</summary>
    private bool IsPlanWord(int t) => IsClass(t, "planword");

    /// <summary>"to" (not after a plan word), a modal or "not" before a verb's base form: no act is reported.</summary>
    private bool IsNonFactualBefore(int t) => (IsWord(t, "to") && !IsPlanWord(t - 1)) || IsClass(t, "nonfactual");

    private bool IsClass(int t, string wordClass) => t >= 0 && t < _tokens.Length && _lex.IsWord(wordClass, _text.AsSpan(_tokens[t].Start, _tokens[t].Length));

    /// <summary>The states of a clause's subject, or none when it is absent or a party phrase ("the parties").</summary>
    private List<string> SubjectStates(Group? subject) => subject is null || IsGroupPhrase(subject) ? [] : subject.Countries;

    /// <summary>The reporting side toward every other state.</summary>
    private static (List<string> Actor, List<string> Recipient) Toward(List<string> states, string side) => ([side], [.. states.Where(s => s != side)]);

    /// <summary>"If we haven't met yet, …": conditions and questions report no event.</summary>
    private bool IsHypothetical(Sentence sentence) =>
        IsWord(sentence.FirstToken, "if") || IsWord(sentence.FirstToken, "unless") || IsWord(sentence.FirstToken, "whether")
        || _text[_tokens[sentence.EndToken - 1].Start] == '?';

    private static readonly string[] MeetingNouns =
    [
        "summit", "meeting", "meetings", "forum", "conference", "session", "talks", "negotiations", "format", "dialogue", "ministerial",
        "consultations", "round", "congress", "assembly", "council", "gathering", "roundtable", "plenary",
    ];

    private bool MeetingFollows(int from, int to)
    {
        for (var t = from; t < to; t++)
        {
            foreach (var noun in MeetingNouns)
            {
                if (IsWord(t, noun))
                {
                    return true;
                }
            }
        }

        return _doc.Get(Layers.Entities).Any(e => e.Type == EntityType.Forum && e.Mentions.Any(m => m.Start >= _tokens[from].Start && m.Start < _tokens[Math.Max(from, to - 1)].End));
    }

    private bool Contains(Sentence sentence, string word)
    {
        for (var t = sentence.FirstToken; t < sentence.EndToken; t++)
        {
            if (IsWord(t, word))
            {
                return true;
            }
        }

        return false;
    }

    private int FindToken(int from, int to, string word)
    {
        for (var t = from; t < to; t++)
        {
            if (IsWord(t, word))
            {
                return t;
            }
        }

        return -1;
    }

    private bool IsWord(int t, string word) => t >= 0 && t < _tokens.Length && _text.AsSpan(_tokens[t].Start, _tokens[t].Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    private Range TokensIn(TextSpan span)
    {
        var lo = 0;
        var hi = _tokens.Length - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (_tokens[mid].End <= span.Start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        var end = lo;
        while (end < _tokens.Length && _tokens[end].Start < span.End)
        {
            end++;
        }

        return lo..end;
    }

    private void Mark(TextSpan span, Participant participant, bool overwrite = true)
    {
        var tokens = TokensIn(span);
        for (var t = tokens.Start.Value; t < tokens.End.Value; t++)
        {
            if (overwrite || _byToken[t] is null)
            {
                _byToken[t] = participant;
            }
        }
    }
}
