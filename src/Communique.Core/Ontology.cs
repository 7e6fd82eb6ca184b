namespace Communique.Core;

/// <summary>The 16 PLOVER event types.</summary>
public enum PloverType
{
    /// <summary>Agree, promise, invite, offer.</summary>
    Agree,
    /// <summary>Meet, visit, talk by phone.</summary>
    Consult,
    /// <summary>Praise, thank, congratulate, sign, endorse.</summary>
    Support,
    /// <summary>Concede.</summary>
    Concede,
    /// <summary>Cooperate materially.</summary>
    Cooperate,
    /// <summary>Give aid.</summary>
    Aid,
    /// <summary>Retreat.</summary>
    Retreat,
    /// <summary>Request, demand, appeal.</summary>
    Request,
    /// <summary>Accuse, condemn, summon.</summary>
    Accuse,
    /// <summary>Reject.</summary>
    Reject,
    /// <summary>Threaten.</summary>
    Threaten,
    /// <summary>Protest.</summary>
    Protest,
    /// <summary>Sanction, expel.</summary>
    Sanction,
    /// <summary>Mobilize.</summary>
    Mobilize,
    /// <summary>Coerce, detain.</summary>
    Coerce,
    /// <summary>Assault, strike.</summary>
    Assault,
}

/// <summary>CONSULT modes.</summary>
public enum ConsultMode
{
    /// <summary>Telephone or video call.</summary>
    Phone,
    /// <summary>A visit: the actor is the visitor and the recipient the host.</summary>
    Visit,
    /// <summary>A meeting in a third country.</summary>
    ThirdParty,
    /// <summary>A multilateral meeting.</summary>
    Multilateral,
}

/// <summary>Names of ontology values as they appear in output.</summary>
public static class OntologyNames
{
    /// <summary>PLOVER type as printed: CONSULT, SUPPORT…</summary>
    public static string Name(this PloverType type) => type.ToString().ToUpperInvariant();

    /// <summary>CONSULT mode as printed: phone, visit, third-party, multilateral.</summary>
    public static string Name(this ConsultMode mode) => mode switch
    {
        ConsultMode.Phone => "phone",
        ConsultMode.Visit => "visit",
        ConsultMode.ThirdParty => "third-party",
        _ => "multilateral",
    };

    /// <summary>Parses a PLOVER type name, case-insensitively.</summary>
    public static bool TryParsePlover(string? text, out PloverType type) =>
        Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type);

    /// <summary>Parses a CONSULT mode name.</summary>
    public static ConsultMode? ParseMode(string? text) => text?.ToLowerInvariant() switch
    {
        "phone" => ConsultMode.Phone,
        "visit" => ConsultMode.Visit,
        "third-party" => ConsultMode.ThirdParty,
        "multilateral" => ConsultMode.Multilateral,
        _ => null,
    };

    /// <summary>A CAMEO-style actor code: country plus sector (KAZ + GOV → KAZGOV).</summary>
    public static string ActorCode(string country, string? sector) => country + (sector ?? string.Empty);
}
