using CameraBeheer.Domain.Retention;

namespace CameraBeheer.Grains;

/// <summary>The durable list of a site's legal holds, active and ended (the record of who held what, and why, stays).</summary>
[GenerateSerializer]
public sealed class LegalHoldsState
{
    [Id(0)] public List<LegalHoldRecord> Holds { get; set; } = [];
}

/// <summary>Places, renews and releases a site's legal holds by the rules of <see cref="LegalHold"/>; saved before it answers.</summary>
public sealed class LegalHoldsGrain(
    [PersistentState("holds", StorageNames.Default)] IPersistentState<LegalHoldsState> state,
    TimeProvider time) : Grain, ILegalHoldsGrain
{
    public Task<HoldResult> PlaceAsync(HoldPlacement p) => ChangeAsync(() =>
    {
        var hold = LegalHold.Place(this.GetPrimaryKeyString(), p.Cameras, p.From, p.To, p.Kind, p.Reason, p.Reference, p.PlacedBy, time.GetUtcNow(), p.Expires);
        state.State.Holds.Add(LegalHoldRecord.Of(hold));
        return hold;
    });

    public Task<HoldResult> RenewAsync(string id, DateTimeOffset expires, string by) =>
        ChangeExistingAsync(id, hold => hold.Renew(expires, by, time.GetUtcNow()));

    public Task<HoldResult> ReleaseAsync(string id, string by, string reason) =>
        ChangeExistingAsync(id, hold => hold.Release(by, reason, time.GetUtcNow()));

    public Task<ImmutableArray<LegalHoldRecord>> ListAsync(bool includeEnded)
    {
        var now = time.GetUtcNow();
        return Task.FromResult(state.State.Holds
            .Where(h => includeEnded || h.ToDomain().IsActive(now))
            .OrderBy(h => h.PlacedAt)
            .ToImmutableArray());
    }

    private Task<HoldResult> ChangeExistingAsync(string id, Func<LegalHold, LegalHold> change)
    {
        var index = state.State.Holds.FindIndex(h => h.Id == id);
        if (index < 0) return Task.FromResult(new HoldResult(null, "id", $"there is no hold '{id}' at site '{this.GetPrimaryKeyString()}'", NotFound: true));
        return ChangeAsync(() =>
        {
            var changed = change(state.State.Holds[index].ToDomain());
            state.State.Holds[index] = LegalHoldRecord.Of(changed);
            return changed;
        });
    }

    /// <summary>Applies a change and saves it; a broken rule comes back as a result naming the field, and changes nothing.</summary>
    private async Task<HoldResult> ChangeAsync(Func<LegalHold> change)
    {
        var before = state.State.Holds.ToList();
        LegalHold hold;
        try
        {
            hold = change();
        }
        catch (LegalHoldException e)
        {
            state.State.Holds = before;
            return new HoldResult(null, e.Field, e.Message);
        }
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.Holds = before;
            throw;
        }
        return new HoldResult(LegalHoldRecord.Of(hold));
    }
}
