namespace CameraBeheer.Domain.Tests;

public sealed class IdsTests
{
    [Theory]
    [InlineData("cam-01")]
    [InlineData("domus-almere-poort")]
    [InlineData("0")]
    [InlineData("straal-250m")]
    [InlineData("a-")]
    public void Lower_case_letters_digits_and_dashes_are_an_id(string id) => Assert.True(Ids.IsValid(id));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("-cam")]
    [InlineData("Cam-01")]
    [InlineData("cam_01")]
    [InlineData("cam 01")]
    [InlineData("cam-01\n")]
    [InlineData("camé")]
    [InlineData("cam/01")]
    public void Anything_else_is_not_an_id(string? id) => Assert.False(Ids.IsValid(id));

    [Fact]
    public void An_id_is_at_most_64_characters()
    {
        Assert.True(Ids.IsValid(new string('a', 64)));
        Assert.False(Ids.IsValid(new string('a', 65)));
    }
}
