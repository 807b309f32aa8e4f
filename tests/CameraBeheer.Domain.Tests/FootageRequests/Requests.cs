namespace CameraBeheer.Domain.Tests.FootageRequests;

/// <summary>The Domus site, a fixed "now", and a valid submission to vary one field at a time.</summary>
internal static class Requests
{
    public static readonly SiteConfiguration Site = SiteConfigurationLoader.LoadFile(RepositoryFiles.DomusSiteFile);

    public static readonly DateTimeOffset Now = new(2026, 11, 24, 14, 0, 0, TimeSpan.Zero);

    public static readonly RequestActor Officer = new("Agent Jansen", "police");

    public static readonly RequestActor Manager = new("Marieke de Vries", "manager");

    public static readonly FootageRequestPolicy Policy = FootageRequestPolicy.Default;

    public static FootageRequestSubmission Valid(string basis = "126nd") => new(
        Case: "PL0900-2026123456",
        Basis: basis,
        Authorisation: basis == "126nf" ? "RC-2026-118" : null,
        Urgent: false,
        Cameras: ["cam-02", "cam-03"],
        Zone: null,
        From: Now.AddHours(-3),
        To: Now.AddHours(-2),
        Reason: "Mishandeling bij de poort");

    public static FootageRequest Submitted(FootageRequestSubmission? submission = null) =>
        (submission ?? Valid()).Check(Site, Policy, Officer, Now);

    public static FootageRequestException Refused(Action action) => Assert.Throws<FootageRequestException>(action);
}
