namespace CameraBeheer.Cli.Commands;

/// <summary>
/// The lines of <c>police notifications --watch</c>; after a reconnect, what is new and the shown notifications that
/// were acknowledged meanwhile are marked <c>missed</c> (see <see cref="CatchingUpScreen{TEvent, TItem}"/>).
/// </summary>
internal sealed class PoliceWatchScreen(Invocation run, Func<CancellationToken, Task<IReadOnlyList<PoliceNotificationInfo>>> listAll,
    Func<Display, PoliceNotificationInfo, string> line) : CatchingUpScreen<PoliceNotificationEvent, PoliceNotificationInfo>
{
    protected override string ChangeOf(PoliceNotificationEvent e) => e.Change;

    protected override PoliceNotificationInfo? ItemOf(PoliceNotificationEvent e) => e.Notification;

    protected override string IdOf(PoliceNotificationInfo item) => item.Id;

    // A notification changes only by being acknowledged, which takes it out of the open ones: a known id is unchanged.
    protected override bool ChangedSince(PoliceNotificationInfo shown, PoliceNotificationInfo now) => false;

    protected override bool IsClosed(PoliceNotificationInfo item) => item.State == "acknowledged";

    protected override Task<IReadOnlyList<PoliceNotificationInfo>> ListAllAsync(CancellationToken cancellationToken) => listAll(cancellationToken);

    protected override void WriteLine(string change, PoliceNotificationInfo item) =>
        run.Context.Out.WriteLine($"{Display.Clean(change),-12} {line(run.Display, item)}");
}
