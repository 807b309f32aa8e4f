using CameraBeheer.Domain.Desk;

namespace CameraBeheer.Host.Grpc;

/// <summary>
/// How the desk services change state: the audit log hears who asks what and why before the change is made, and how it
/// ended after; a refusal by the rules becomes the status code that fits, with the rule's own words.
/// </summary>
public sealed class DeskCalls(CallerAudit audit)
{
    /// <summary>Records the request, makes the change, records the outcome (on the item's own target when it is new), and answers; see <see cref="CallerAudit.ChangeAsync{T}"/>.</summary>
    public Task<T> ChangeAsync<T>(ServerCallContext context, string target, string? reason, Func<Task<T>> change, Func<T, string>? targetOf = null) =>
        audit.ChangeAsync(context, target, reason, () => ReadAsync(change), targetOf);

    /// <summary>A read: nothing to record, refusals mapped.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (DeskException e)
        {
            throw ToRpc(e);
        }
    }

    public static RpcException ToRpc(DeskException e) => new(new Status(e.Kind switch
    {
        DeskErrorKind.NotFound => StatusCode.NotFound,
        DeskErrorKind.NotAllowedNow => StatusCode.FailedPrecondition,
        _ => StatusCode.InvalidArgument,
    }, e.Message));
}
