using System.Collections.Concurrent;

namespace CameraBeheer.Grains.Tests.Desk;

/// <summary>
/// What the desk tests share. Tests that look at alerts use the real site (only it has a control room with rules); the
/// others use a site key of their own, so the 35-resident limit and the on-site lists are theirs alone.
/// </summary>
internal static class DeskTestKit
{
    public const string Staff = "Sanne (staff)";

    public static string OwnSite() => $"desk-{Guid.NewGuid():N}"[..20];

    public static IResidentsGrain Residents(this ClusterFixture fixture, string site) => fixture.Grains.GetGrain<IResidentsGrain>(site);

    public static IGuestRegisterGrain Guests(this ClusterFixture fixture, string site) => fixture.Grains.GetGrain<IGuestRegisterGrain>(site);

    public static ITimeOutGrain TimeOuts(this ClusterFixture fixture, string site) => fixture.Grains.GetGrain<ITimeOutGrain>(site);

    public static IReportsGrain Reports(this ClusterFixture fixture, string site) => fixture.Grains.GetGrain<IReportsGrain>(site);

    /// <summary>Adds a resident with a name no other test uses.</summary>
    public static async Task<ResidentRecord> NewResidentAsync(this ClusterFixture fixture, string site, string? room = null) =>
        await fixture.Residents(site).AddAsync($"Bewoner {Letters()}", room, "Marco (manager)");

    public static string Letters() => new([.. Guid.NewGuid().ToString("N").Take(10).Select(c => (char)('a' + c % 26))]);

    public static Task<VisitRecord> CheckInAsync(this ClusterFixture fixture, string site, string resident, string? guest = null, DateTimeOffset? until = null) =>
        fixture.Guests(site).CheckInAsync(new GuestCheckIn(guest ?? $"Gast {Letters()}", resident, IdChecked: true, until, Staff));

    public static TimeOutStart TimeOut(string resident, double hours = 2, string? overrideReason = null, bool manager = false) =>
        new(resident, "schreeuwde tegen een medebewoner", "house-rules", TimeSpan.FromHours(hours), overrideReason, manager ? "Marco (manager)" : Staff, manager);

    public static bool IsSchoolTuesday(DateOnly date) => date.DayOfWeek == DayOfWeek.Tuesday && AlertTestKit.IsSchoolDay(date);

    public static bool IsSaturday(DateOnly date) => date.DayOfWeek == DayOfWeek.Saturday;

    public static async Task<DeskException> RefusedAsync(Func<Task> action, DeskErrorKind kind, string? field)
    {
        var e = await Assert.ThrowsAsync<DeskException>(action);
        Assert.Equal(kind, e.Kind);
        Assert.Equal(field, e.Field);
        return e;
    }

    /// <summary>The alerts of a rule about one item (the place of a workflow alert is the item's id).</summary>
    public static async Task<IReadOnlyList<AlertSnapshot>> AlertsAboutAsync(this ClusterFixture fixture, string ruleId, string place) =>
        (await fixture.ControlRoom().ListAsync(AlertFilter.All)).Where(a => a.RuleId == ruleId && a.Place == place).ToList();
}

/// <summary>A police watcher in the test process: keeps every notification it hears.</summary>
internal sealed class RecordingPoliceWatcher : IPoliceNotificationWatcher
{
    private readonly ConcurrentQueue<PoliceNotificationRecord> _heard = new();

    public Task OnNotification(PoliceNotificationRecord notification)
    {
        _heard.Enqueue(notification);
        return Task.CompletedTask;
    }

    // Subscribed once by a test that does not outlive the grain's activation.
    public Task OnSubscriptionEnded() => Task.CompletedTask;

    public async Task<PoliceNotificationRecord> WaitForAsync(string id, string state)
    {
        for (var attempt = 0; attempt < 250; attempt++)
        {
            if (_heard.FirstOrDefault(n => n.Id == id && n.State == state) is { } n) return n;
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
        throw new TimeoutException($"the police watcher never heard {id} {state}");
    }
}
