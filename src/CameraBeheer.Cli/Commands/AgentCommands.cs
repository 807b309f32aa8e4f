using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Cli.Commands;

/// <summary><c>agents add|list|revoke|export-mosquitto</c>: the edge agents allowed on the MQTT broker (role admin).</summary>
internal static class AgentCommands
{
    public static Command Create() => new("agents", "The edge agents that may publish to the MQTT broker, their secrets and topic rights (admin)") { Add(), List(), Revoke(), ExportMosquitto() };

    private static Command Add()
    {
        var site = CommonOptions.Site();
        var name = new Argument<string>("NAME") { Description = "The agent's name, also its MQTT user name (e.g. edge-hoofdgebouw)" };
        var cameras = new Option<string?>("--cameras") { Description = "Camera ids it publishes for, comma-separated (cam-01,cam-02)", HelpName = "IDS" };
        var gates = new Option<string?>("--gates") { Description = "Gate ids it publishes for, comma-separated (hoofdingang)", HelpName = "IDS" };
        var allCameras = new Option<bool>("--all-cameras") { Description = "Every camera of the site's configuration as it is now" };
        var allGates = new Option<bool>("--all-gates") { Description = "Every gate of the site's configuration as it is now" };
        var reason = CommonOptions.Reason("Why, for the audit log", required: false);
        var command = new Command("add", "Create an edge agent (admin); prints its secret once, on the line 'secret: …'")
        {
            site, name, cameras, gates, allCameras, allGates, reason,
        };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var request = new AddEdgeAgentRequest
            {
                Site = run.SiteOf(site),
                Name = run.Parse.GetValue(name) ?? "",
                AllCameras = run.Parse.GetValue(allCameras),
                AllGates = run.Parse.GetValue(allGates),
                Reason = run.Parse.GetValue(reason) ?? "",
            };
            request.Cameras.AddRange(IdList(run.Parse.GetValue(cameras)));
            request.Gates.AddRange(IdList(run.Parse.GetValue(gates)));
            if (request.Cameras.Count > 0 && request.AllCameras) throw new UsageException("give --cameras or --all-cameras, not both");
            if (request.Gates.Count > 0 && request.AllGates) throw new UsageException("give --gates or --all-gates, not both");
            var reply = await run.CallAsync((client, options) => client.EdgeAgents.AddAsync(request, options), cancellationToken).ConfigureAwait(false);
            var agent = reply.Agent;
            var output = run.Context.Out;
            output.WriteLine($"added edge agent {Display.Clean(agent.Name)}: {Count(agent.Cameras.Count, "camera")}, {Count(agent.Gates.Count, "gate")}");
            output.WriteLine($"secret: {reply.Secret}");
            output.WriteLine("  Shown only now; the backend keeps just its hash. Put it in a file only the agent can read, then:");
            output.WriteLine($"    CameraBeheer.Edge --user {agent.Name} --password-file FILE ...   (or Edge__Mqtt__UserName / Edge__Mqtt__PasswordFile)");
            output.WriteLine($"    mosquitto_pub -u {agent.Name} -P \"$(cat FILE)\" -q 1 -t {Display.Clean(FirstTopic(agent))} -m '…'");
            output.WriteLine("  Behind Mosquitto, run 'camerabeheer agents export-mosquitto' again and reload Mosquitto.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List()
    {
        var site = CommonOptions.Site();
        var command = new Command("list", "The edge agents, revoked ones too, whether each is online and when it was last heard; never a secret (admin)") { site };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var reply = await run.CallAsync((client, options) => client.EdgeAgents.ListAsync(
                new ListEdgeAgentsRequest { Site = run.SiteOf(site) }, options), cancellationToken).ConfigureAwait(false);
            var display = run.Display;
            return run.WriteList(reply.Agents, "no edge agents; add one with: camerabeheer agents add NAME --cameras cam-01,cam-02 [--gates hoofdingang]",
                ["NAME", "STATUS", "STATE", "LAST SEEN", "CAMERAS", "GATES", "CREATED"], a =>
            [
                Display.Clean(a.Name),
                a.Unregistered ? "not in the register" : a.RevokedAt is not null ? $"revoked {display.Time(a.RevokedAt)} by {Display.Clean(a.RevokedBy)}" : "active",
                string.IsNullOrEmpty(a.State) ? "unknown" : Display.Clean(a.State),
                a.LastSeen is null ? "never" : display.Time(a.LastSeen),
                IdsText(a.Cameras),
                IdsText(a.Gates),
                a.CreatedAt is null ? "" : $"{display.Time(a.CreatedAt)} by {Display.Clean(a.CreatedBy)}",
            ]);
        });
        return command;
    }

    private static Command Revoke()
    {
        var site = CommonOptions.Site();
        var name = new Argument<string>("NAME") { Description = "The agent's name" };
        var reason = CommonOptions.Reason("Why, for the audit log (e.g. edge machine stolen)", required: false);
        var command = new Command("revoke", "The agent can no longer connect; a live connection is closed (admin)") { site, name, reason };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var agent = await run.CallAsync((client, options) => client.EdgeAgents.RevokeAsync(
                new RevokeEdgeAgentRequest { Site = run.SiteOf(site), Name = run.Parse.GetValue(name) ?? "", Reason = run.Parse.GetValue(reason) ?? "" }, options), cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"revoked {Display.Clean(agent.Name)} at {run.Display.Time(agent.RevokedAt)}; the embedded broker refuses it from now on");
            run.Context.Out.WriteLine("  Behind Mosquitto, run 'camerabeheer agents export-mosquitto' again and reload Mosquitto.");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ExportMosquitto()
    {
        var site = CommonOptions.Site();
        var outDir = new Option<string?>("--out") { Description = "Folder to write 'passwd' and 'acl' to (default: the current folder)", HelpName = "DIR" };
        var backendUser = new Option<string?>("--backend-user") { Description = $"The backend's Mosquitto user (Mqtt:UserName of the backend; default {MosquittoFiles.DefaultBackendUser})", HelpName = "NAME" };
        var backendPassword = new Option<string?>("--backend-password-file")
        {
            Description = "Also put the backend's user in 'passwd', with the password in FILE ('-': read it from stdin); its first line counts",
            HelpName = "FILE",
        };
        var command = new Command("export-mosquitto", "Write Mosquitto's password file and ACL for the agents that are not revoked (admin)")
        {
            site, outDir, backendUser, backendPassword,
        };
        command.SetHandler(async (run, cancellationToken) =>
        {
            var folder = Path.GetFullPath(run.Parse.GetValue(outDir) ?? ".");
            if (!Directory.Exists(folder)) throw new UsageException($"--out {folder}: no such folder");
            var backendPasswordFile = run.Parse.GetValue(backendPassword);
            // Read before the call: a missing file should not cost a round trip, and the password never leaves this machine.
            var password = backendPasswordFile is null ? null : await ReadPasswordAsync(backendPasswordFile, cancellationToken).ConfigureAwait(false);
            var reply = await run.CallAsync((client, options) => client.EdgeAgents.ExportMosquittoAsync(
                new ExportMosquittoRequest { Site = run.SiteOf(site), BackendUser = run.Parse.GetValue(backendUser) ?? "" }, options), cancellationToken).ConfigureAwait(false);
            var passwd = reply.PasswordFile;
            if (password is not null)
                passwd += $"{reply.BackendUser}:{MosquittoPasswordHash.Create(password, MosquittoPasswordHash.ChosenPasswordIterations)}\n";
            var passwdPath = Path.Combine(folder, "passwd");
            var aclPath = Path.Combine(folder, "acl");
            await WriteAsync(passwdPath, passwd, UnixFileMode.UserRead | UnixFileMode.UserWrite, cancellationToken).ConfigureAwait(false);
            await WriteAsync(aclPath, reply.Acl, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, cancellationToken).ConfigureAwait(false);
            run.Context.Out.WriteLine($"wrote {passwdPath} ({Count(reply.Agents, "agent")}{(password is null ? "" : $" and the backend user {reply.BackendUser}")}) and {aclPath}");
            if (password is null)
                run.Context.Out.WriteLine($"  passwd has no line for the backend user {reply.BackendUser}: add it with 'mosquitto_passwd {passwdPath} {reply.BackendUser}' or run again with --backend-password-file");
            run.Context.Out.WriteLine("  Copy both to /etc/mosquitto/ (password_file and acl_file of the listener), owned by mosquitto, and reload Mosquitto.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Ids from <c>a,b, c</c>; empty parts are ignored, the server checks each id against the site.</summary>
    internal static IEnumerable<string> IdList(string? text) =>
        (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static async Task<string> ReadPasswordAsync(string file, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = file == "-" ? await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false) : await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--backend-password-file {file}: cannot read it ({e.Message})");
        }
        var password = text.Split('\n')[0].TrimEnd('\r');
        if (password.Length == 0) throw new UsageException($"--backend-password-file {file}: the first line is empty; it must hold the backend's password");
        return password;
    }

    private static async Task WriteAsync(string path, string text, UnixFileMode mode, CancellationToken cancellationToken)
    {
        // Written beside and moved into place: Mosquitto never reads half a file, and the mode is right before any byte is in it.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode;
        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
            await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A topic the agent may publish, for the example line (the site is the third level of its status topic).</summary>
    private static string FirstTopic(EdgeAgentInfo agent) =>
        agent.Cameras.Count > 0 && agent.StatusTopic.Split('/') is { Length: 5 } levels ? $"camerabeheer/v1/{levels[2]}/camera/{agent.Cameras[0]}/motion" : agent.StatusTopic;

    private static string IdsText(IReadOnlyCollection<string> ids) =>
        ids.Count == 0 ? Display.Missing : ids.Count <= 4 ? Display.Clean(string.Join(",", ids)) : $"{Display.Clean(string.Join(",", ids.Take(3)))},… ({ids.Count})";

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";
}
