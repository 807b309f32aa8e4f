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

    /// <remarks>The commands in the order of <c>camerabeheer --help</c>: the desk, accounts, the backend and its footage, setting up.</remarks>
    internal static RootCommand CreateRootCommand(CliContext context) => new CliRootCommand(context)
    {
        ResidentCommands.Create(), GuestCommands.Create(), TimeOutCommands.Create(), PoliceCommands.Create(), EvacuationCommand.Create(), ReportCommands.Create(),
        TokenCommands.Create(), UserCommands.Create(), LoginCommands.Login(), LoginCommands.Logout(),
        StatusCommand.Create(), CameraCommands.Create(), AuditCommands.Create(), RetentionCommands.Create(), HoldCommands.Create(), AlertCommands.Create(), FootageCommands.Create(),
        DevCertsCommand.Create(), AgentCommands.Create(),
    };
}
