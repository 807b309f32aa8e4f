using CameraBeheer.Fuzz;

namespace CameraBeheer.Ingest.Tests;

/// <summary>The committed fuzz corpus of the decoder (fuzz/corpus/edge-message), replayed without a fuzzer on every test run.</summary>
public sealed class EdgeMessageFuzzCorpusTests
{
    [Fact]
    public void Every_message_of_the_fuzz_corpus_is_decoded_or_dead_lettered_printably_and_never_throws()
    {
        var files = FuzzCorpus.Files("edge-message");

        Assert.NotEmpty(files);
        Assert.Empty(FuzzCorpus.Replay(files, EdgeMessageDecoderTarget.Run));
    }
}
