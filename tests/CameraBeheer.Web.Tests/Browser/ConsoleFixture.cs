using Grpc.Net.Client;
using Microsoft.Playwright;

namespace CameraBeheer.Web.Tests.Browser;

/// <summary>
/// One host and one browser for every browser test (so they do not overload the machine): the people of the site
/// made through the real Accounts service with the administrator's bootstrap token, a resident, and the edge agent
/// the tests publish as.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";
    public const string Site = "domus-almere-poort";

    private IPlaywright? _playwright;

    public ConsoleHost Host { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public GrpcChannel Channel { get; private set; } = default!;
    public Metadata Admin { get; private set; } = default!;
    public ResidentInfo Resident { get; private set; } = default!;
    public (string User, string Secret) EdgeAgent { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Host = await ConsoleHost.StartAsync();
        Channel = GrpcChannel.ForAddress(Host.GrpcUrl);
        Admin = new Metadata { { "Authorization", $"Bearer {await Host.AdminTokenAsync()}" } };
        var accounts = new Accounts.AccountsClient(Channel);
        foreach (var (login, name, role) in new[]
        {
            ("jansen", "Operator Jansen", "operator"), ("devries", "Gerda de Vries", "staff"),
            ("bakker", "Agent Bakker", "police"), ("smit", "Marieke Smit", "manager"),
            ("beheer", "Bea Beheerder", "admin"),
        })
            await accounts.AddUserAsync(new AddUserRequest { Login = login, Name = name, Role = role, Password = Password }, Admin);
        Resident = await new Residents.ResidentsClient(Channel).AddAsync(new AddResidentRequest { Site = Site, Name = "Anna de Boer", Room = "12" }, Admin);
        var agent = await new EdgeAgents.EdgeAgentsClient(Channel).AddAsync(new AddEdgeAgentRequest { Name = "web-test-edge", AllCameras = true, AllGates = true }, Admin);
        EdgeAgent = (agent.Agent.Name, agent.Secret);

        _playwright = await Playwright.CreateAsync();
        // Debian's Chromium: Playwright's own browser download is not available here. As root it needs --no-sandbox.
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
    }

    /// <summary>A browser context of its own (its own cookies: one person) at 1280×720, signed in.</summary>
    public async Task<IPage> SignInAsync(string login, string language = "nl")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        if (language != "nl") await page.GotoAsync($"{Host.WebUrl}/voorkeur?taal={language}&terug=/aanmelden");
        else await page.GotoAsync($"{Host.WebUrl}/aanmelden");
        await page.FillAsync("#login", login);
        await page.FillAsync("#password", Password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.EndsWith("/aanmelden", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Keeps a picture of the page for the README (docs/screenshots), 1280×720 as the test saw it.</summary>
    public static Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(RepoPaths.Screenshots);
        return page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(RepoPaths.Screenshots, $"{name}.png") });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Channel?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "web console in a browser";
}
