using System.Security.Claims;
using Bunit;
using CameraBeheer.Web.Backend;
using CameraBeheer.Web.Session;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Web.Tests.Components;

/// <summary>A bUnit context with the console's services: a person signed in with a role (or nobody) and a fake backend.</summary>
public abstract class ConsoleTestContext : BunitContext
{
    public const string Site = "domus-almere-poort";
    public const string Token = "token-of-the-test";

    protected ConsoleTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(Sessions);
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(new BackendChannel(Backend));
        Services.AddSingleton<AuthenticationStateProvider>(_ => new FixedAuthentication(Principal));
    }

    protected FakeBackend Backend { get; } = new();

    protected ConsoleSessions Sessions { get; } = new(TimeProvider.System);

    private ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity());

    /// <summary>Signs a person in with this role, as the sign-in page would.</summary>
    protected void SignedInAs(string role, string name = "Test Persoon")
    {
        var session = Sessions.Add(Token, DateTimeOffset.UtcNow.AddHours(1), "test", name, role, Site);
        Principal = ConsoleAuthentication.Principal(session);
    }

    /// <summary>
    /// Renders <typeparamref name="TPage"/> with the backend's answer to <paramref name="method"/> held back, checks that
    /// the page says it is loading, then fails that call with <paramref name="failure"/>: the page is left to show the error.
    /// </summary>
    protected IRenderedComponent<TPage> RenderLoadingThenFailing<TPage, TRequest, TReply>(string method, Status failure)
        where TPage : IComponent
        where TReply : class
    {
        var answer = new TaskCompletionSource<TReply>();
        Backend.OnAsync<TRequest, TReply>(method, _ => answer.Task);
        var page = Render<TPage>();
        Assert.Equal("Laden…", page.Find(".loading").TextContent);
        answer.SetException(new RpcException(failure));
        return page;
    }

    private sealed class FixedAuthentication(ClaimsPrincipal principal) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(principal));
    }
}
