namespace CameraBeheer.Cli.Commands;

/// <summary>
/// The <c>camerabeheer</c> command with the global options; it carries where output goes and the surroundings, so that
/// every command's run finds them here instead of each command being handed them.
/// </summary>
internal sealed class CliRootCommand : RootCommand
{
    public CliRootCommand(CliContext context)
        : base("camerabeheer: camera surveillance of the care facility, from the command line")
    {
        Context = context;
        Global.AddTo(this);
    }

    public CliContext Context { get; }

    public GlobalOptions Global { get; } = new();
}
