namespace CameraBeheer.Cli.Commands;

/// <summary>
/// What every watch screen does around a reconnect, written once: the items the server sends first (change
/// <c>existing</c>) are compared with what was shown, and whatever is new or changed, and the shown items that were
/// closed meanwhile, are printed with the change word <c>missed</c> before the watch goes on live. Keepalives are not shown.
/// </summary>
internal abstract class CatchingUpScreen<TEvent, TItem> : IWatchScreen<TEvent>
    where TItem : class
{
    private readonly Dictionary<string, TItem> _shown = new(StringComparer.Ordinal);
    private readonly HashSet<string> _stillOpen = new(StringComparer.Ordinal);
    private bool _resuming;
    private bool _inOpening;

    protected abstract string ChangeOf(TEvent e);

    protected abstract TItem? ItemOf(TEvent e);

    protected abstract string IdOf(TItem item);

    /// <summary>Whether an item shown before differs from how the server sends it now (then it is shown as missed).</summary>
    protected abstract bool ChangedSince(TItem shown, TItem now);

    /// <summary>Closed items (resolved, acknowledged) are not among the ones the server sends first.</summary>
    protected abstract bool IsClosed(TItem item);

    /// <summary>Every item, closed ones included: to find how the shown ones that are no longer open ended.</summary>
    protected abstract Task<IReadOnlyList<TItem>> ListAllAsync(CancellationToken cancellationToken);

    protected abstract void WriteLine(string change, TItem item);

    public void Connected(bool resuming)
    {
        (_resuming, _inOpening) = (resuming, true);
        _stillOpen.Clear();
    }

    public async Task ShowAsync(TEvent e, CancellationToken cancellationToken)
    {
        var change = ChangeOf(e);
        var item = ItemOf(e);
        if (_inOpening && change == "existing" && item is not null)
        {
            var id = IdOf(item);
            _stillOpen.Add(id);
            if (!_resuming) Print(change, item);
            else if (!_shown.TryGetValue(id, out var before) || ChangedSince(before, item)) Print("missed", item);
            return;
        }
        if (_inOpening)
        {
            // The first event after the open items: the watch is live from here.
            _inOpening = false;
            if (_resuming) await ShowClosedMeanwhileAsync(cancellationToken).ConfigureAwait(false);
        }
        if (change == "keepalive" || item is null) return;
        Print(change, item);
    }

    private async Task ShowClosedMeanwhileAsync(CancellationToken cancellationToken)
    {
        var gone = _shown.Values.Where(i => !IsClosed(i) && !_stillOpen.Contains(IdOf(i))).Select(IdOf).ToHashSet(StringComparer.Ordinal);
        if (gone.Count == 0) return;
        foreach (var item in await ListAllAsync(cancellationToken).ConfigureAwait(false))
            if (gone.Contains(IdOf(item))) Print("missed", item);
    }

    private void Print(string change, TItem item)
    {
        _shown[IdOf(item)] = item;
        WriteLine(change, item);
    }
}
