namespace CameraBeheer.Grains;

/// <summary>How the desk grains make a change durable before they answer.</summary>
internal static class DeskSaving
{
    /// <summary>
    /// Writes the state; when the write fails, the stored state is read back so that the grain forgets the change it
    /// could not keep, and the caller gets the failure (never an answer about a change that is not stored).
    /// </summary>
    public static async Task SaveOrForgetAsync<T>(this IPersistentState<T> state)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            throw;
        }
    }
}
