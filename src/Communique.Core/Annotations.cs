using System.Collections.Immutable;

namespace Communique.Core;

/// <summary>One place in the text where something is mentioned.</summary>
public readonly record struct Mention(int Start, int End, string Text)
{
    /// <summary>The span of the mention.</summary>
    public TextSpan Span => new(Start, End);
}

/// <summary>A person with the office held on the publication date and the state represented.</summary>
/// <param name="Id">Document-local id, P1, P2…</param>
/// <param name="Name">Canonical full name, given name first.</param>
/// <param name="Role">Canonical office without the country (President, Prime Minister…), or null.</param>
/// <param name="Country">ISO 3166-1 alpha-3 of the state represented (or an organisation code), or null.</param>
/// <param name="Sector">CAMEO-style sector of the office (GOV, MIL, LEG…), or null.</param>
/// <param name="NamedInText">False when the person is only referred to by role and was identified from the office-holder table.</param>
/// <param name="Mentions">Every mention, including surnames and role mentions resolved to this person.</param>
public sealed record PersonAnnotation(
    string Id,
    string Name,
    string? Role,
    string? Country,
    string? Sector,
    bool NamedInText,
    ImmutableArray<Mention> Mentions)
{
    /// <summary>
    /// Where the office and country came from, in plain words: the title written in the text, or the office-holder
    /// table's term on the publication date, or the publisher or sentence the country was taken from.
    /// </summary>
    public ImmutableArray<string> Why { get; init; } = [];
}

/// <summary>Kinds of named entity other than people.</summary>
public enum EntityType
{
    /// <summary>A state (or territory) mentioned by name, demonym, adjective or capital metonymy.</summary>
    Country,
    /// <summary>A city.</summary>
    City,
    /// <summary>A sub-national or supranational region, sea, river or other geographic area.</summary>
    Region,
    /// <summary>A named venue (Kremlin, Akorda, Downing Street).</summary>
    Venue,
    /// <summary>An organisation or institution.</summary>
    Org,
    /// <summary>A forum, summit, dialogue format or council.</summary>
    Forum,
    /// <summary>A company.</summary>
    Company,
}

/// <summary>A country, place or organisation with every mention of it.</summary>
/// <param name="Id">Document-local id, E1, E2…</param>
/// <param name="Type">Entity type.</param>
/// <param name="Name">Canonical name.</param>
/// <param name="Code">ISO3 for countries, CAMEO code for organisations, the containing country's ISO3 for places, or null.</param>
/// <param name="Mentions">Where it is mentioned.</param>
public sealed record EntityAnnotation(string Id, EntityType Type, string Name, string? Code, ImmutableArray<Mention> Mentions);

/// <summary>Kinds of figure.</summary>
public enum QuantityKind
{
    /// <summary>An amount of money.</summary>
    Money,
    /// <summary>A count of things, with the counted noun as unit.</summary>
    Count,
    /// <summary>A percentage, value in points.</summary>
    Percent,
    /// <summary>A rank: top three, fifth largest.</summary>
    Rank,
    /// <summary>A length of time.</summary>
    Duration,
    /// <summary>A numbered occurrence: 25th anniversary, fourth time.</summary>
    Ordinal,
}

/// <summary>A figure with its meaning.</summary>
/// <param name="Kind">Kind of figure.</param>
/// <param name="Value">Value in base units (7.6 billion is 7600000000; percentages in points).</param>
/// <param name="Unit">ISO 4217 code for money, the counted noun for counts, a singular time unit for durations, "percent", or the ranked noun.</param>
/// <param name="Qualifier">Normalized qualifier: "up to", "more than", "about", "almost", "less than", or null.</param>
/// <param name="About">What the figure measures, in a few words.</param>
/// <param name="Start">Start offset of the figure text.</param>
/// <param name="End">End offset (exclusive).</param>
/// <param name="Text">The number with its unit or counted noun, as written.</param>
public sealed record QuantityAnnotation(
    QuantityKind Kind,
    decimal Value,
    string? Unit,
    string? Qualifier,
    string? About,
    int Start,
    int End,
    string Text);

/// <summary>An area of cooperation or discussion named in the text.</summary>
public sealed record TopicAnnotation(string Label, int Start, int End);

/// <summary>How precise a resolved date is.</summary>
public enum DatePrecision
{
    /// <summary>A single day.</summary>
    Day,
    /// <summary>A calendar week or weekend (an interval).</summary>
    Week,
    /// <summary>A month.</summary>
    Month,
    /// <summary>A year.</summary>
    Year,
    /// <summary>An arbitrary interval.</summary>
    Interval,
}

/// <summary>A resolved date or interval; prints as ISO <c>YYYY</c>, <c>YYYY-MM</c>, <c>YYYY-MM-DD</c> or <c>a/b</c>.</summary>
public readonly record struct DateValue(DateOnly From, DateOnly To, DatePrecision Precision)
{
    /// <summary>A single day.</summary>
    public static DateValue Day(DateOnly day) => new(day, day, DatePrecision.Day);

    /// <summary>A whole month.</summary>
    public static DateValue Month(int year, int month) =>
        new(new DateOnly(year, month, 1), new DateOnly(year, month, DateTime.DaysInMonth(year, month)), DatePrecision.Month);

    /// <summary>A whole year.</summary>
    public static DateValue Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31), DatePrecision.Year);

    /// <inheritdoc />
    public override string ToString() => Precision switch
    {
        DatePrecision.Day => From.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DatePrecision.Month => From.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture),
        DatePrecision.Year => From.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd}/{To:yyyy-MM-dd}"),
    };
}

/// <summary>A date or time expression found in the text, resolved against the publication date.</summary>
/// <param name="Start">Start offset.</param>
/// <param name="End">End offset (exclusive).</param>
/// <param name="Text">As written.</param>
/// <param name="Value">The resolved date, or null for a time of day that names no date.</param>
/// <param name="Relative">True when resolution needed the publication date ("last year", "on Tuesday").</param>
public sealed record DateAnnotation(int Start, int End, string Text, DateValue? Value, bool Relative);

/// <summary>One side of an event.</summary>
/// <param name="Country">ISO3 or organisation code.</param>
/// <param name="Code">CAMEO-style actor code (KAZGOV).</param>
/// <param name="Ref">Id of the person (P1) or entity (E1) in this document, if any.</param>
public sealed record EventParticipant(string? Country, string? Code, string? Ref);

/// <summary>A coded event with the sentence that supports it.</summary>
public sealed record EventAnnotation(
    PloverType Type,
    ConsultMode? Mode,
    string Cameo,
    ImmutableArray<EventParticipant> Actor,
    ImmutableArray<EventParticipant> Recipient,
    string? Date,
    bool Historical,
    bool Future,
    bool Negated,
    ImmutableArray<Mention> Evidence)
{
    /// <summary>The trigger phrase of each mention, as written ("held talks", "paid an official visit").</summary>
    public ImmutableArray<Mention> Triggers { get; init; } = [];

    /// <summary>
    /// Why the event was coded so, in plain words: the trigger and the lexicon entry it matched, how the actor and
    /// recipient were found, the mode, the date and each flag, with the words that decided them.
    /// </summary>
    public ImmutableArray<string> Why { get; init; } = [];
}

/// <summary>A problem with a document that did not stop its processing.</summary>
public sealed record DocumentWarning(string Code, string Message);
