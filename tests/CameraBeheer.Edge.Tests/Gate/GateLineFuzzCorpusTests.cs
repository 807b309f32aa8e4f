using CameraBeheer.Fuzz;

namespace CameraBeheer.Edge.Tests.Gate;

/// <summary>The committed fuzz corpus of the gate line protocol (fuzz/corpus/gate-line), replayed without a fuzzer on every test run.</summary>
public sealed class GateLineFuzzCorpusTests
{
    [Fact]
    public void Every_input_of_the_fuzz_corpus_is_read_as_events_or_printable_problems_and_never_throws()
    {
        var files = FuzzCorpus.Files("gate-line");

        Assert.NotEmpty(files);
        Assert.Empty(FuzzCorpus.Replay(files, GateLineTarget.Run));
    }
}
