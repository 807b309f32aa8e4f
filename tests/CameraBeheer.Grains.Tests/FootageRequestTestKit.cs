using System.Collections.Concurrent;
using CameraBeheer.Domain.Audit;
using CameraBeheer.Domain.FootageRequests;

namespace CameraBeheer.Grains.Tests;

/// <summary>A stand-in for the export runner: remembers every request it was asked to export, in order.</summary>
public sealed class RecordingExportJobs : IFootageExportJobs
{
    private readonly ConcurrentQueue<string> _started = new();

    public void Start(string requestId) => _started.Enqueue(requestId);

    /// <summary>How often the export of <paramref name="requestId"/> was started.</summary>
    public int StartsOf(string requestId) => _started.Count(id => id == requestId);
}

/// <summary>
/// What the footage-request tests share: the people, a valid submission to vary, and what a user would look at after
/// each step (the request, its hold, the site's list, the audit log, the control room).
/// </summary>
internal static class FootageRequestTestKit
{
    public const string Site = AlertTestKit.Site;

    public static readonly RequestActor Officer = new("Agent Jansen", "police");
    public static readonly RequestActor OtherOfficer = new("Agent Bakker", "police");
    public static readonly RequestActor Manager = new("Marieke de Vries", "manager");
    public static readonly RequestActor OtherManager = new("Henk Visser", "manager");

    public const string Case = "PL0900-2026123456";

    /// <summary>A 126nd demand for cam-02 and cam-03, one hour ending two hours before <paramref name="now"/>.</summary>
    public static FootageRequestSubmission Demand(DateTimeOffset now, bool urgent = false) => new(
        Case: Case, Basis: "126nd", Authorisation: null, Urgent: urgent, Cameras: ["cam-02", "cam-03"], Zone: null,
        From: now.AddHours(-3), To: now.AddHours(-2), Reason: "Mishandeling bij de poort");

    public static FootageRequestSubmission PreservationOrder(DateTimeOffset now, DateTimeOffset expires) =>
        Demand(now) with { Basis = "126ni", OrderExpires = expires };

    public static IFootageRequestGrain Request(this ClusterFixture fixture, string id) => fixture.Grains.GetGrain<IFootageRequestGrain>(id);

    /// <summary>A new request (a fresh id) submitted by <paramref name="by"/> (the officer unless told).</summary>
    public static async Task<FootageRequest> SubmitAsync(this ClusterFixture fixture, FootageRequestSubmission submission, RequestActor? by = null) =>
        await fixture.Request(FootageRequest.NewId(fixture.Clock.GetUtcNow())).SubmitAsync(submission, by ?? Officer);

    /// <summary>A demand submitted at <paramref name="now"/> and approved, so its export has started; the request as submitted.</summary>
    public static async Task<FootageRequest> ApprovedDemandAsync(this ClusterFixture fixture, DateTimeOffset now)
    {
        var request = await fixture.SubmitAsync(Demand(now));
        await fixture.Request(request.Id).ApproveAsync(Manager, "Proportioneel");
        return request;
    }

    /// <summary>A demand submitted, approved and exported: Ready, as the officer finds it.</summary>
    public static async Task<FootageRequest> ReadyAsync(this ClusterFixture fixture, DateTimeOffset now)
    {
        var request = await fixture.SubmitAsync(Demand(now));
        await fixture.Request(request.Id).ApproveAsync(Manager, "Proportioneel: één uur van twee buitencamera's");
        await fixture.Request(request.Id).ExportSucceededAsync(Report(request));
        return await fixture.Request(request.Id).GetAsync(Manager);
    }

    /// <summary>What the export runner reports for a finished package: one MP4 per camera, and one gap on the first camera.</summary>
    public static ExportReport Report(FootageRequest request, int attempt = 1) => new(
        [.. request.Cameras.Select((c, i) => new ExportedFile($"{c}.mp4", 1_000_000 + i, new string((char)('a' + i), 64)))],
        [new FootageGapNote(request.Cameras[0], request.From.AddMinutes(10), request.From.AddMinutes(12), "camera offline")],
        request.From.AddSeconds(-1), request.To.AddSeconds(1), attempt);

    /// <summary>The site's record of the hold, active or ended.</summary>
    public static async Task<LegalHoldRecord> HoldAsync(this ClusterFixture fixture, string? holdId)
    {
        Assert.NotNull(holdId);
        var holds = await fixture.Grains.GetGrain<ILegalHoldsGrain>(Site).ListAsync(includeEnded: true);
        return Assert.Single(holds, h => h.Id == holdId);
    }

    /// <summary>True when the site's active holds (what the retention sweep is given) include <paramref name="holdId"/>.</summary>
    public static async Task<bool> HoldIsActiveAsync(this ClusterFixture fixture, string? holdId) =>
        (await fixture.Grains.GetGrain<ILegalHoldsGrain>(Site).ListAsync(includeEnded: false)).Any(h => h.Id == holdId);

    /// <summary>The request as the site's list shows it.</summary>
    public static async Task<FootageRequestSummary> ListedAsync(this ClusterFixture fixture, string id) =>
        Assert.Single(await fixture.Grains.GetGrain<IFootageRequestIndexGrain>(Site).ListAsync(), r => r.Id == id);

    /// <summary>The audit entries about <paramref name="id"/>, in the order they were written, from the store's day files.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> AuditOfAsync(this ClusterFixture fixture, string id)
    {
        var target = $"{Site}/footage-requests/{id}";
        var files = new List<string>();
        await foreach (var blob in fixture.Store.ListAsync($"audit/{Site}/", TestContext.Current.CancellationToken))
            files.Add(blob.Name);
        var entries = new List<AuditEntry>();
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var blob = await fixture.Store.GetAsync(file, TestContext.Current.CancellationToken);
            Assert.NotNull(blob);
            entries.AddRange(Encoding.UTF8.GetString(blob.Content.Span).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(AuditChain.Parse).Where(e => e.Target == target));
        }
        return entries;
    }

    /// <summary>The control room's alerts of <paramref name="ruleId"/> about request <paramref name="id"/>.</summary>
    public static async Task<IReadOnlyList<AlertSnapshot>> AlertsAboutAsync(this ClusterFixture fixture, string ruleId, string id) =>
        (await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.RuleId == ruleId && a.Place == id).ToList();

    /// <summary>The call is refused with <paramref name="kind"/>; the message is returned for the words the user reads.</summary>
    public static async Task<string> RefusedAsync(RequestErrorKind kind, Func<Task> call)
    {
        var refusal = await Assert.ThrowsAsync<FootageRequestException>(call);
        Assert.Equal(kind, refusal.Kind);
        return refusal.Message;
    }
}
