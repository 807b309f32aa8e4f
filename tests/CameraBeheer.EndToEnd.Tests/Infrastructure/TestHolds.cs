namespace CameraBeheer.EndToEnd.Tests.Infrastructure;

/// <summary>Legal holds as a manager places them in these tests.</summary>
internal static class TestHolds
{
    /// <summary>A police request's hold on cam-01 over a day of footage ending a day before <paramref name="now"/>, for 30 days.</summary>
    public static PlaceHoldRequest PoliceRequest(DateTimeOffset now, string reference = "PL0900-2026-4711") => new()
    {
        Cameras = { "cam-01" },
        From = Timestamp.FromDateTimeOffset(now.AddDays(-2)),
        To = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        Kind = "police-request",
        Reason = "aangifte vernieling",
        Reference = reference,
        Expires = Timestamp.FromDateTimeOffset(now.AddDays(30)),
    };
}
