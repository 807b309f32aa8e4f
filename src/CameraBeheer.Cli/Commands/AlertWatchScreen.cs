namespace CameraBeheer.Cli.Commands;

/// <summary>The lines of <c>alerts watch</c>; after a reconnect, what changed meanwhile is marked <c>missed</c> (see <see cref="CatchingUpScreen{TEvent, TItem}"/>).</summary>
internal sealed class AlertWatchScreen(Invocation run, Func<CancellationToken, Task<IReadOnlyList<AlertInfo>>> listWithResolved, bool colour)
    : CatchingUpScreen<AlertEvent, AlertInfo>
{
    protected override string ChangeOf(AlertEvent e) => e.Change;

    protected override AlertInfo? ItemOf(AlertEvent e) => e.Alert;

    protected override string IdOf(AlertInfo item) => item.Id;

    protected override bool ChangedSince(AlertInfo shown, AlertInfo now) => shown.Version != now.Version;

    protected override bool IsClosed(AlertInfo item) => item.Status == "resolved";

    protected override Task<IReadOnlyList<AlertInfo>> ListAllAsync(CancellationToken cancellationToken) => listWithResolved(cancellationToken);

    protected override void WriteLine(string change, AlertInfo item) =>
        run.Context.Out.WriteLine(AlertLines.Change(run.Display, new AlertEvent { Change = change, Alert = item }, colour));
}
