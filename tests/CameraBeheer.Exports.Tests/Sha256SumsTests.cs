namespace CameraBeheer.Exports.Tests;

/// <summary>SHA256SUMS in the exact format of coreutils sha256sum.</summary>
public sealed class Sha256SumsTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);

    [Fact]
    public void Lines_are_hash_two_spaces_name_newline_sorted_by_name()
    {
        var text = Encoding.UTF8.GetString(Sha256Sums.Write([new("manifest.json", HashB), new("cam-01.mp4", HashA), new("SHA-first", HashA)]));

        Assert.Equal($"{HashA}  SHA-first\n{HashA}  cam-01.mp4\n{HashB}  manifest.json\n", text);
    }

    [Fact]
    public async Task What_is_written_is_what_the_real_sha256sum_writes()
    {
        var folder = Path.Combine(TestFootage.Root, "sums-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "b.txt"), "second", TestContext.Current.CancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "a.mp4"), "first", TestContext.Current.CancellationToken);

            var ours = Sha256Sums.Write(Directory.GetFiles(folder).Select(p => new Sha256SumsEntry(Path.GetFileName(p), Sha256Sums.HashFile(p))));
            var (exitCode, theirs) = await StandardTools.RunAsync(folder, "LC_ALL=C sha256sum a.mp4 b.txt");

            Assert.Equal(0, exitCode);
            Assert.Equal(theirs, Encoding.UTF8.GetString(ours));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Parse_reads_back_what_write_wrote()
    {
        IReadOnlyList<Sha256SumsEntry> entries = [new("a.mp4", HashA), new("b.json", HashB)];

        Assert.Equal(entries, Sha256Sums.Parse(Sha256Sums.Write(entries)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("aaaa  cam-01.mp4\n", "line 1")]
    [InlineData("{A}  cam-01.mp4\n", "lowercase hex")]
    [InlineData("{a} *cam-01.mp4\n", "line 1")]
    [InlineData("{a}  cam-01.mp4", "newline")]
    [InlineData("{a}  cam-01.mp4\n{a}  cam-01.mp4\n", "twice")]
    [InlineData("{a}  ../cam-01.mp4\n", "plain file name")]
    public void Malformed_content_is_refused_naming_what_is_wrong(string content, string named)
    {
        var text = content.Replace("{a}", HashA, StringComparison.Ordinal).Replace("{A}", HashA.ToUpperInvariant(), StringComparison.Ordinal);

        var failure = Assert.Throws<FormatException>(() => Sha256Sums.Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sub/file.mp4")]
    [InlineData("back\\slash")]
    [InlineData("new\nline")]
    [InlineData("..")]
    public void Names_that_sha256sum_would_escape_or_that_leave_the_folder_are_refused(string name) =>
        Assert.Throws<ArgumentException>(() => Sha256Sums.Write([new(name, HashA)]));
}
