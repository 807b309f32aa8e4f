using CameraBeheer.Web.Backend;
using CameraBeheer.Web.Components;
using CameraBeheer.Web.Session;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CameraBeheer.Web;

/// <summary>Registers the web console in a host that already serves the gRPC API (the host's own extension points).</summary>
public static class WebConsoleRegistration
{
    public static WebApplicationBuilder AddWebConsole(this WebApplicationBuilder builder, WebConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<BackendChannel>();
        // The cookies only name a session held in memory: keys that live as long as the process fit exactly.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAuthentication().AddCookie(ConsoleAuthentication.Scheme, ConsoleAuthentication.Configure);
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        // Serves the framework's blazor.web.js and this library's files from a build as well as from a publish.
        builder.WebHost.UseStaticWebAssets();
        return builder;
    }

    /// <summary>
    /// After the host's authentication and authorisation: on the console's port the person is the one of the console cookie (the bearer
    /// scheme of the API knows no cookies), and the console's pages answer only there, the API only on its own port.
    /// </summary>
    public static WebApplication UseWebConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var port = app.Services.GetRequiredService<WebConsoleOptions>().Port;
        var sessions = app.Services.GetRequiredService<ConsoleSessions>();
        app.Use(async (context, next) =>
        {
            var onConsolePort = context.Connection.LocalPort == port;
            var consoleEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<WebConsoleEndpoint>() is not null;
            if (onConsolePort != consoleEndpoint)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            if (onConsolePort) context.User = await ConsoleAuthentication.AuthenticateAsync(context, sessions);
            await next(context);
        });
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapWebConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var marker = new WebConsoleEndpoint();
        // Pages check the role themselves and say so in words; the API's bearer-token policy does not apply here.
        app.MapStaticAssets().AllowAnonymous().WithMetadata(marker);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymous().WithMetadata(marker);
        app.MapGet("/voorkeur", ConsolePreferenceEndpoint.Set).AllowAnonymous().WithMetadata(marker);
        app.MapGet("/politie/export", EvidenceDownloadEndpoint.Download).AllowAnonymous().WithMetadata(marker);
        app.MapGet("/meldkamer/opname", SegmentPlaybackEndpoint.Play).AllowAnonymous().WithMetadata(marker);
        return app;
    }
}

/// <summary>Marks the endpoints of the console, which answer only on its own port.</summary>
public sealed class WebConsoleEndpoint;
