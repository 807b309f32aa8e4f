using CameraBeheer.Fuzz;

namespace CameraBeheer.Exports.Tests;

/// <summary>The committed fuzz corpus of the evidence package verifier (fuzz/corpus/evidence-package), replayed without a fuzzer on every test run.</summary>
public sealed class EvidencePackageFuzzCorpusTests
{
    [Fact]
    public void Every_package_of_the_fuzz_corpus_is_verified_with_problems_named_and_never_throws()
    {
        var files = FuzzCorpus.Files("evidence-package");

        Assert.NotEmpty(files);
        Assert.Empty(FuzzCorpus.Replay(files, EvidencePackageTarget.Run));
    }
}
