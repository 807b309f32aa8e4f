using Microsoft.Extensions.Logging;

namespace CameraBeheer.Ingest.Tests.EdgeAgents;

/// <summary>A flood of refused messages makes a few log lines, not one per message.</summary>
public sealed class BrokerRefusalsTests
{
    [Fact]
    public void The_first_refusal_is_logged_at_once_and_the_rest_summed_up()
    {
        var log = new ListLogger();
        var refusals = new BrokerRefusals(log);
        for (var i = 0; i < 10_000; i++) refusals.Count("edge-a", "publish", $"topic camerabeheer/v1/x/camera/cam-{i}/motion");
        refusals.Count("edge-b", "subscribe", "filter #");

        Assert.Equal(2, log.Lines.Count);
        Assert.Contains("Refused publish from edge-a: topic camerabeheer/v1/x/camera/cam-0/motion", log.Lines[0]);
        Assert.Equal(10_001, refusals.Total);

        refusals.Summarize();
        Assert.Equal(3, log.Lines.Count);
        Assert.Contains("Refused 9999 more publish from edge-a in the last minute; the last: topic camerabeheer/v1/x/camera/cam-9999/motion", log.Lines[2]);

        // A quiet period is forgotten; the next refusal is news again.
        refusals.Summarize();
        refusals.Summarize();
        Assert.Equal(3, log.Lines.Count);
        refusals.Count("edge-a", "publish", "topic again");
        Assert.Equal(4, log.Lines.Count);
    }

    [Fact]
    public void Control_characters_in_a_refused_topic_do_not_reach_the_log()
    {
        var log = new ListLogger();
        new BrokerRefusals(log).Count("edge-a", "publish", "topic a\u001b[2Jb\nforged line");
        Assert.DoesNotContain('\u001b', log.Lines[0]);
        Assert.DoesNotContain('\n', log.Lines[0]);
    }

    private sealed class ListLogger : ILogger<BrokerRefusals>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
