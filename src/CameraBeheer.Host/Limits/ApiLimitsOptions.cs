namespace CameraBeheer.Host.Limits;

/// <summary>The limits of the gRPC API (configuration section <c>Limits</c>); the defaults leave room for every legitimate call.</summary>
public sealed class ApiLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>The largest request message: the biggest legitimate one (a footage request, a resolve note) is a few KiB.</summary>
    public int MaxRequestBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// The largest response message: a download chunk is 1 MiB and a bit; lists stay far below. 4 MiB is also what gRPC
    /// clients accept by default, so a bigger answer would fail at the client anyway.
    /// </summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest a unary call may run, whatever deadline the client sent (or none).</summary>
    public TimeSpan UnaryDeadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest for the unary calls that walk the store (<see cref="DeadlineCaps.LongUnaryMethods"/>): a sweep, an audit check.</summary>
    public TimeSpan LongUnaryDeadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The longest for a finite server stream (event history, a download); watch streams stay open until the watcher leaves.</summary>
    public TimeSpan StreamDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many calls of one expensive method (<see cref="ExpensiveCalls.Methods"/>) one caller may make per window.</summary>
    public ExpensiveCallOptions ExpensiveCalls { get; set; } = new();
}

/// <summary>The per-caller budget of each expensive method: <see cref="PermitLimit"/> calls per <see cref="Window"/>.</summary>
public sealed class ExpensiveCallOptions
{
    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
