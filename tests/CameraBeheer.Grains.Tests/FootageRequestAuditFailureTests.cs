using CameraBeheer.Domain.FootageRequests;
using static CameraBeheer.Grains.Tests.FootageRequestTestKit;

namespace CameraBeheer.Grains.Tests;

/// <summary>
/// The footage request grain writes its audit entry before it changes anything: with an audit store that fails, every
/// change fails and the request, its hold, the site's list and the export runner are as they were.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class FootageRequestAuditFailureTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_submission_whose_audit_entry_cannot_be_written_fails_and_leaves_no_request_and_no_hold()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var holdsBefore = await fixture.Grains.GetGrain<ILegalHoldsGrain>(Site).ListAsync(includeEnded: true);
        var id = FootageRequest.NewId(now);

        using (BreakTodaysAuditFile(now))
            await Assert.ThrowsAnyAsync<Exception>(() => fixture.Request(id).SubmitAsync(Demand(now), Officer));

        await RefusedAsync(RequestErrorKind.NotFound, () => fixture.Request(id).GetAsync(Officer));
        Assert.DoesNotContain(await fixture.Grains.GetGrain<IFootageRequestIndexGrain>(Site).ListAsync(), r => r.Id == id);
        Assert.Equal(holdsBefore.Length, (await fixture.Grains.GetGrain<ILegalHoldsGrain>(Site).ListAsync(includeEnded: true)).Length);
    }

    [Fact]
    public async Task An_approval_or_cancellation_whose_audit_entry_cannot_be_written_fails_and_changes_nothing()
    {
        var now = fixture.MoveClockToFreshDay(TimeSpan.FromHours(10));
        var submitted = await fixture.SubmitAsync(Demand(now));

        using (BreakTodaysAuditFile(now))
        {
            await Assert.ThrowsAnyAsync<Exception>(() => fixture.Request(submitted.Id).ApproveAsync(Manager, "proportioneel"));
            await Assert.ThrowsAnyAsync<Exception>(() => fixture.Request(submitted.Id).CancelAsync(Officer, "niet meer nodig"));
        }

        var after = await fixture.Request(submitted.Id).GetAsync(Manager);
        Assert.Equal(RequestStatus.Submitted, after.Status);
        Assert.Equal(submitted.History.Count(), after.History.Count());
        Assert.Equal(0, fixture.Exports.StartsOf(submitted.Id));
        Assert.True(await fixture.HoldIsActiveAsync(submitted.HoldId));
        Assert.Equal(RequestStatus.Submitted, (await fixture.ListedAsync(submitted.Id)).Status);

        // With the store working again the same approval goes through: it was the audit log that stopped it.
        var approved = await fixture.Request(submitted.Id).ApproveAsync(Manager, "proportioneel");
        Assert.Equal(RequestStatus.Exporting, approved.Status);
    }

    /// <summary>
    /// Makes the audit store fail for the fake clock's day, as a broken disk would (also for root): the day's file is
    /// put aside and a folder stands in its place. Disposing puts everything back as it was.
    /// </summary>
    private Breakage BreakTodaysAuditFile(DateTimeOffset now)
    {
        var day = now.UtcDateTime;
        var path = Path.Combine(fixture.Folder.Path, "audit", Site, $"{day:yyyy}", $"{day:MM}", $"{day:dd}.jsonl");
        var aside = File.Exists(path) ? path + ".aside" : null;
        if (aside is not null) File.Move(path, aside);
        Directory.CreateDirectory(path);
        return new Breakage(path, aside);
    }

    private sealed class Breakage(string path, string? aside) : IDisposable
    {
        public void Dispose()
        {
            Directory.Delete(path);
            if (aside is not null) File.Move(aside, path);
        }
    }
}
