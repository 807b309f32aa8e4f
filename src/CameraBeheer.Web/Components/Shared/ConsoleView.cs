using CameraBeheer.Web.Backend;
using CameraBeheer.Web.Session;
using CameraBeheer.Web.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace CameraBeheer.Web.Components.Shared;

/// <summary>
/// What every interactive page shares: the person signed in (found from the console cookie of the circuit's
/// connection, its token from the server-side store), the role check the API would make, the backend clients with
/// that person's token, and the four states a page can be in: loading, refused, failed, shown.
/// </summary>
public abstract class ConsoleView : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closed = new();

    [Inject] private AuthenticationStateProvider Authentication { get; set; } = default!;
    [Inject] private ConsoleSessions Sessions { get; set; } = default!;
    [Inject] private BackendChannel Channel { get; set; } = default!;

    /// <summary>The language chosen (the page passes its cookie on; it is no secret).</summary>
    [Parameter] public string Language { get; set; } = "nl";

    /// <summary>The roles the API lets call what this page does.</summary>
    protected abstract IReadOnlyList<string> Roles { get; }

    protected ConsoleText T => new(Language);
    protected ConsoleSession? Session { get; private set; }
    protected BackendClients Backend { get; private set; } = default!;
    protected bool Loading { get; private set; } = true;
    protected bool SignedOut { get; private set; }
    protected bool Refused { get; private set; }

    /// <summary>The last error of a call, in the backend's own words (they name what to do).</summary>
    protected string? Error { get; set; }

    /// <summary>Ends with the page: streams and loops stop when the person leaves it.</summary>
    protected CancellationToken Closed => _closed.Token;

    protected override async Task OnInitializedAsync()
    {
        var state = await Authentication.GetAuthenticationStateAsync();
        Session = Sessions.Find(state.User.FindFirst(ConsoleAuthentication.SessionClaim)?.Value);
        SignedOut = Session is null;
        Refused = Session is not null && !Roles.Contains(Session.Role);
        if (Session is null || Refused)
        {
            Loading = false;
            return;
        }
        Backend = Channel.For(Session);
        await CallAsync(LoadAsync);
        Loading = false;
    }

    /// <summary>Loads what the page shows; called once the person is known and allowed.</summary>
    protected abstract Task LoadAsync();

    /// <summary>Runs a backend call; a refusal or failure shows its words on the page instead of breaking it.</summary>
    protected async Task<bool> CallAsync(Func<Task> call)
    {
        try
        {
            await call();
            Error = null;
            return true;
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled || !_closed.IsCancellationRequested)
        {
            Error = Describe(e);
            return false;
        }
    }

    protected string Describe(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable when string.IsNullOrEmpty(e.Status.Detail) || e.Status.Detail.StartsWith("Error starting gRPC call", StringComparison.Ordinal)
            => T["De backend is niet bereikbaar; probeer het zo opnieuw.", "The backend cannot be reached; try again shortly."],
        StatusCode.Unauthenticated => T["Uw aanmelding is verlopen of ingetrokken: meld u opnieuw aan.", "Your sign-in has expired or was revoked: sign in again."],
        _ => e.Status.Detail,
    };

    public void Dispose()
    {
        _closed.Cancel();
        _closed.Dispose();
        Disposing();
        GC.SuppressFinalize(this);
    }

    protected virtual void Disposing()
    {
    }
}
