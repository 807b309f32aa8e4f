namespace CameraBeheer.Domain.FootageRequests;

/// <summary>The article of the Code of Criminal Procedure (Wetboek van Strafvordering, Sv) a police request rests on.</summary>
/// <remarks>Saved by number in request state: add new values at the end, never reorder.</remarks>
public enum LegalBasis
{
    /// <summary>Art. 126nd Sv: a demand (vordering) for stored data; excludes health data.</summary>
    Demand,

    /// <summary>Art. 126nf Sv: a demand for sensitive (health) data, with the examining magistrate's prior written authorisation.</summary>
    SensitiveDataDemand,

    /// <summary>Art. 126ni Sv: a preservation order (bevel tot bewaren): the footage is held, never exported, at most 90 days.</summary>
    PreservationOrder,
}

/// <summary>The words for a legal basis as the API and CLI write them: <c>126nd</c>, <c>126nf</c>, <c>126ni</c>.</summary>
public static class LegalBasisWords
{
    public static IReadOnlyDictionary<string, LegalBasis> All { get; } = new Dictionary<string, LegalBasis>(StringComparer.Ordinal)
    {
        ["126nd"] = LegalBasis.Demand,
        ["126nf"] = LegalBasis.SensitiveDataDemand,
        ["126ni"] = LegalBasis.PreservationOrder,
    };

    public static string Word(this LegalBasis basis) => All.First(pair => pair.Value == basis).Key;

    /// <summary>What the basis means, for help texts and the manifest.</summary>
    public static string Meaning(this LegalBasis basis) => basis switch
    {
        LegalBasis.Demand => "art. 126nd Sv: demand for stored data",
        LegalBasis.SensitiveDataDemand => "art. 126nf Sv: demand for sensitive data, authorised by the examining magistrate",
        _ => "art. 126ni Sv: preservation order (hold only, no export)",
    };

    public static LegalBasis Parse(string? word) =>
        word is not null && All.TryGetValue(word.Trim().ToLowerInvariant(), out var basis)
            ? basis
            : throw FootageRequestException.Invalid("basis", $"'{FootageRequestText.Excerpt(word)}' is not a legal basis (allowed: 126nd, 126nf, 126ni)");
}
