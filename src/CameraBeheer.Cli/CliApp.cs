using System.CommandLine.Invocation;
using CameraBeheer.Cli.Commands;

namespace CameraBeheer.Cli;

/// <summary>The <c>camerabeheer</c> command line, runnable in-process with its output captured.</summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr) =>
        RunAsync(args, stdout, stderr, CliSettings.FromProcess());

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CliSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var context = new CliContext(stdout, stderr, settings);
        var parse = CreateRootCommand(context).Parse(args);
        // Help on stdout after a typo would end up in `export CAMERABEHEER_TOKEN=$(...)`; the error alone is enough.
        if (parse.Action is ParseErrorAction parseError) parseError.ShowHelp = false;

        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        var exitCode = await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        return parse.Errors.Count > 0 ? ExitCodes.Usage : exitCode;
    }

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("camerabeheer: camera surveillance of the care facility, from the command line");
        global.AddTo(root);
        root.Add(ResidentCommands.Create(context, global));
        root.Add(GuestCommands.Create(context, global));
        root.Add(TimeOutCommands.Create(context, global));
        root.Add(PoliceCommands.Create(context, global));
        root.Add(EvacuationCommand.Create(context, global));
        root.Add(ReportCommands.Create(context, global));
        root.Add(TokenCommands.Create(context, global));
        root.Add(UserCommands.Create(context, global));
        foreach (var command in LoginCommands.Create(context, global)) root.Add(command);
        root.Add(StatusCommand.Create(context, global));
        root.Add(CameraCommands.Create(context, global));
        root.Add(AuditCommands.Create(context, global));
        root.Add(RetentionCommands.Create(context, global));
        root.Add(HoldCommands.Create(context, global));
        root.Add(AlertCommands.Create(context, global));
        root.Add(FootageCommands.Create(context, global));
        root.Add(DevCertsCommand.Create(context, global));
        root.Add(AgentCommands.Create(context, global));
        return root;
    }
}
