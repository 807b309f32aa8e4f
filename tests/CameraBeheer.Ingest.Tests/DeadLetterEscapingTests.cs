using System.Diagnostics.Metrics;
using System.Text.Json;
using CameraBeheer.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CameraBeheer.Ingest.Tests.DecoderFixture;

namespace CameraBeheer.Ingest.Tests;

/// <summary>
/// Dead letters and log lines escape control characters from every source, System.Text.Json's error messages included:
/// those quote the input (a property name, a string a converter refused), and an ANSI escape or a newline in them would
/// otherwise rewrite an operator's terminal or forge a log line. Checked on the real path: the decoder, the dead letter,
/// the dead-letter file on disk and the batcher's log line.
/// </summary>
public sealed class DeadLetterEscapingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("camerabeheer-deadletter-").FullName;

    public static TheoryData<string, string> JsonErrorsQuotingTheInput() => new()
    {
        // An unknown property: the message and the path quote its name.
        { "property name", "{\"id\":\"m-1\",\"ts\":\"" + RecentTs + "\",\"phase\":\"start\",\"score\":0.5,\"x\\u001b[2J\\r\\nINFO forged\":1}" },
        // A time the converter refuses: its message quotes the text.
        { "time text", "{\"id\":\"m-1\",\"ts\":\"2026-03-10\\u001b[31m\\nINFO forged\",\"phase\":\"start\",\"score\":0.5}" },
        // Too deep under a hostile name: the path quotes the name.
        { "path", "{\"\\u001b]0;pwned\\u0007\":{\"a\":{\"b\":{\"c\":1}}}}" },
    };

    [Theory]
    [MemberData(nameof(JsonErrorsQuotingTheInput))]
    public async Task A_json_error_quoting_control_characters_is_escaped_in_the_dead_letter_file_and_never_reaches_the_log(string what, string json)
    {
        var logger = new RecordingLogger<IngestBatcher>();
        var store = new LocalDiskBlobStore(_root);
        using var meters = new PlainMeterFactory();
        using var metrics = new IngestMetrics(meters);
        var refused = new RefusedInputSummary();
        var batcher = new IngestBatcher(Options.Create(new IngestOptions()), grains: null!, new DeadLetterLog(store), metrics, refused, logger);
        var ingest = new EdgeIngest(NewDecoder(), batcher, metrics, new FakeTimeProvider(Now));
        using var stop = new CancellationTokenSource();
        var storing = batcher.RunAsync(stop.Token);
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await ingest.AcceptAsync(MotionTopic(), new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)),
            () => { acknowledged.TrySetResult(); return Task.CompletedTask; }, () => acknowledged.TrySetException(new IOException("redelivery asked")), TestContext.Current.CancellationToken);
        await acknowledged.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await stop.CancelAsync();
        await Task.WhenAny(storing);

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_root, "deadletter"), "*.jsonl", SearchOption.AllDirectories));
        var line = Assert.Single(await File.ReadAllLinesAsync(file, TestContext.Current.CancellationToken));
        using var letter = JsonDocument.Parse(line);
        Assert.Equal(RejectReasons.MalformedJson, letter.RootElement.GetProperty("reason").GetString());
        var detail = letter.RootElement.GetProperty("detail").GetString()!;
        Assert.DoesNotContain(detail, char.IsControl);
        Assert.Contains("\\u001b", detail, StringComparison.Ordinal); // visible, so the reader sees what was sent

        // The log carries no sender's text at all: refusals reach it as counts per reason, once a minute.
        Assert.Equal(new[] { (RejectReasons.MalformedJson, 1) }, refused.TakeCounts());
        Assert.All(logger.Messages, m => Assert.DoesNotContain(m, char.IsControl));
        Assert.False(string.IsNullOrEmpty(what));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages) return [.. _messages];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_messages) _messages.Add(formatter(state, exception));
        }
    }
}
