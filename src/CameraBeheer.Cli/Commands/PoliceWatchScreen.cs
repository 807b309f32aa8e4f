using CameraBeheer.Cli.Output;
using CameraBeheer.Contracts.V1;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// The lines of <c>police notifications --watch</c>; after a reconnect, what is new and the shown notifications that
/// were acknowledged meanwhile are printed with the change word <c>missed</c> (as <see cref="AlertWatchScreen"/>).
/// </summary>
internal sealed class PoliceWatchScreen(Invocation run, Func<CancellationToken, Task<IReadOnlyList<PoliceNotificationInfo>>> listAll,
    Func<Display, PoliceNotificationInfo, string> line) : IWatchScreen<PoliceNotificationEvent>
{
    private readonly Dictionary<string, PoliceNotificationInfo> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stillOpen = new(StringComparer.Ordinal);
    private bool _resuming;
    private bool _inOpening;

    public void Connected(bool resuming)
    {
        (_resuming, _inOpening) = (resuming, true);
        _stillOpen.Clear();
    }

    public async Task ShowAsync(PoliceNotificationEvent e, CancellationToken cancellationToken)
    {
        if (_inOpening && e.Change == "existing")
        {
            _stillOpen.Add(e.Notification.Id);
            if (!_resuming) Print(e.Change, e.Notification);
            else if (!_shown.ContainsKey(e.Notification.Id)) Print("missed", e.Notification);
            return;
        }
        if (_inOpening)
        {
            _inOpening = false;
            if (_resuming)
            {
                var gone = _shown.Values.Where(n => n.State != "acknowledged" && !_stillOpen.Contains(n.Id)).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
                if (gone.Count > 0)
                    foreach (var n in await listAll(cancellationToken).ConfigureAwait(false))
                        if (gone.Contains(n.Id)) Print("missed", n);
            }
        }
        if (e.Change == "keepalive" || e.Notification is null) return;
        Print(e.Change, e.Notification);
    }

    private void Print(string change, PoliceNotificationInfo n)
    {
        _shown[n.Id] = n;
        run.Context.Out.WriteLine($"{Display.Clean(change),-12} {line(run.Display, n)}");
    }
}
