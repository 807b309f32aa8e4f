using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// The lines of <c>alerts watch</c>. After a reconnect the open alerts the server sends first are compared with what
/// was shown: whatever is new or changed, and the shown alerts that were resolved meanwhile, are printed with the
/// change word <c>missed</c> before the watch goes on live. Keepalives are not shown.
/// </summary>
internal sealed class AlertWatchScreen(Invocation run, Func<CancellationToken, Task<IReadOnlyList<AlertInfo>>> listWithResolved, bool colour) : IWatchScreen<AlertEvent>
{
    private readonly Dictionary<string, AlertInfo> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stillOpen = new(StringComparer.Ordinal);
    private bool _resuming;
    private bool _inOpening;

    public void Connected(bool resuming)
    {
        (_resuming, _inOpening) = (resuming, true);
        _stillOpen.Clear();
    }

    public async Task ShowAsync(AlertEvent e, CancellationToken cancellationToken)
    {
        if (_inOpening && e.Change == "existing")
        {
            _stillOpen.Add(e.Alert.Id);
            if (!_resuming) Print(e.Change, e.Alert);
            else if (!_shown.TryGetValue(e.Alert.Id, out var before) || before.Version != e.Alert.Version) Print("missed", e.Alert);
            return;
        }
        if (_inOpening)
        {
            // The first event after the open alerts: the watch is live from here.
            _inOpening = false;
            if (_resuming) await ShowResolvedMeanwhileAsync(cancellationToken).ConfigureAwait(false);
        }
        if (e.Change == "keepalive" || e.Alert is null) return;
        Print(e.Change, e.Alert);
    }

    private async Task ShowResolvedMeanwhileAsync(CancellationToken cancellationToken)
    {
        var gone = _shown.Values.Where(a => a.Status != "resolved" && !_stillOpen.Contains(a.Id)).Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        if (gone.Count == 0) return;
        foreach (var alert in await listWithResolved(cancellationToken).ConfigureAwait(false))
            if (gone.Contains(alert.Id)) Print("missed", alert);
    }

    private void Print(string change, AlertInfo alert)
    {
        _shown[alert.Id] = alert;
        run.Context.Out.WriteLine(AlertLines.Change(run.Display, new AlertEvent { Change = change, Alert = alert }, colour));
    }
}
