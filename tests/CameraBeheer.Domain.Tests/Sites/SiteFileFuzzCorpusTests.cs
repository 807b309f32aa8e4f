using CameraBeheer.Fuzz;

namespace CameraBeheer.Domain.Tests.Sites;

/// <summary>The committed fuzz corpus of the site file reader (fuzz/corpus/site-file), replayed without a fuzzer on every test run.</summary>
public sealed class SiteFileFuzzCorpusTests
{
    [Fact]
    public void Every_file_of_the_fuzz_corpus_loads_or_is_refused_with_one_printable_site_configuration_error()
    {
        var files = FuzzCorpus.Files("site-file");

        Assert.NotEmpty(files);
        Assert.Empty(FuzzCorpus.Replay(files, SiteFileTarget.Run));
    }
}
