using CameraBeheer.Grains.Persistence;

namespace CameraBeheer.Grains.Tests.Persistence;

public sealed class GrainStateBlobNameTests
{
    [Fact]
    public void A_conventional_state_lives_at_state_type_key_json()
    {
        Assert.Equal(
            "state/camera/domus-almere-poort/cam-01.json",
            GrainStateBlobName.For(GrainId.Create("camera", "domus-almere-poort/cam-01"), "camera"));
    }

    [Fact]
    public void Another_state_name_of_the_same_grain_gets_its_own_blob()
    {
        Assert.Equal(
            "state/camera/site/cam-01@holds.json",
            GrainStateBlobName.For(GrainId.Create("camera", "site/cam-01"), "holds"));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a//b")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("..")]
    [InlineData(".hidden/.x")]
    [InlineData("a\\b")]
    [InlineData("a b:c\u0001")]
    [InlineData("x@holds")]
    [InlineData("100%")]
    [InlineData("café")]
    public void Awkward_keys_become_valid_blob_names(string key)
    {
        var name = GrainStateBlobName.For(GrainId.Create("camera", key), "camera");

        BlobNames.Validate(name);
        Assert.StartsWith("state/camera/", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Distinct_keys_get_distinct_names()
    {
        string[] keys = ["a/b", "a%2Fb", "a//b", "a/b/", "a b", "a%20b", "x@holds", "x", ".x", "%2Ex", "%empty", "\0"];
        var names = keys.Select(k => GrainStateBlobName.For(GrainId.Create("camera", k), "camera")).ToList();
        names.Add(GrainStateBlobName.For(GrainId.Create("camera", "x"), "holds"));

        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
