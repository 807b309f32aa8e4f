namespace CameraBeheer.Grains;

/// <summary>
/// The state of a grain that saves at checkpoints rather than on every change (the camera and zone grains on the hot
/// path): a change marks it, a checkpoint writes it when marked, and a failed write leaves it marked for the next one.
/// </summary>
public sealed class StateCheckpoint<T>(IPersistentState<T> state)
{
    /// <summary>True while the state holds a change that is not stored yet.</summary>
    public bool Changed { get; private set; }

    public void MarkChanged() => Changed = true;

    /// <summary>Writes the state when it holds a change; the caller sees a failed write, and the change stays marked.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (!Changed) return;
        Changed = false;
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            Changed = true;
            throw;
        }
    }
}
