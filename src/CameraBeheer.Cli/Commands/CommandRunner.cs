using Grpc.Core;

namespace CameraBeheer.Cli.Commands;

/// <summary>Runs a command's body and turns every failure into one line on stderr and an exit code; never a stack trace.</summary>
internal static class CommandRunner
{
    /// <summary>The command's body gets a fresh <see cref="Invocation"/> of its run, from what the root command carries.</summary>
    public static void SetHandler(this Command command, Func<Invocation, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, cancellationToken) =>
        {
            var root = (CliRootCommand)parse.RootCommandResult.Command;
            return RunAsync(new Invocation(parse, root.Context, root.Global), body, cancellationToken);
        });

    private static async Task<int> RunAsync(Invocation invocation, Func<Invocation, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            return Fail(invocation, e.Message, ExitCodes.Usage);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            return Fail(invocation, "cancelled", ExitCodes.Cancelled);
        }
        catch (RpcException e)
        {
            return Fail(invocation, RpcErrors.Describe(e, invocation.ServersShown), ExitCodes.Failure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(invocation, "cancelled", ExitCodes.Cancelled);
        }
#pragma warning disable CA1031 // The last line of defence: whatever went wrong, the user gets one line, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(invocation, e.Message, ExitCodes.Failure);
        }
    }

    private static int Fail(Invocation invocation, string message, int exitCode)
    {
        invocation.Context.Error.WriteLine($"error: {Display.Clean(message)}");
        return exitCode;
    }
}
