using CameraBeheer.Contracts.Auth;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CameraBeheer.Cli.Tests;

/// <summary>Signing keys by kid in the data folder: the first key file, rotation, the 31-day grace of a replaced key.</summary>
public sealed class SigningKeyRingTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private readonly string _data = Directory.CreateTempSubdirectory("camerabeheer-keys-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public void The_key_file_from_before_rotation_is_the_first_key_with_a_kid_derived_from_it()
    {
        var key = SigningKeyFile.LoadOrCreate(_data);

        var only = Assert.Single(SigningKeyRing.LoadAll(_data));
        Assert.Equal(SigningKeyRing.KeyId(key), only.KeyId);
        Assert.Equal(16, only.KeyId.Length);
        Assert.Null(only.ReplacedAt);
        Assert.Equal(only.KeyId, new JsonWebToken(TokenIssuer.Issue(key, "x", "admin", TimeSpan.FromHours(1), Now)).Kid);
    }

    [Fact]
    public void Rotation_makes_a_new_current_key_and_keeps_the_previous_one_for_31_days()
    {
        var first = SigningKeyFile.LoadOrCreate(_data);

        var result = SigningKeyRing.Rotate(_data, Now);

        var keys = SigningKeyRing.LoadAll(_data);
        Assert.Equal([SigningKeyRing.KeyId(first), result.Current.KeyId], keys.Select(k => k.KeyId));
        Assert.Equal(result.Current.Key, SigningKeyFile.Load(_data));
        Assert.Equal(Now, keys[0].ReplacedAt);
        Assert.True(SigningKeyRing.IsAccepted(keys[0], Now.AddDays(31).AddSeconds(-1)));
        Assert.False(SigningKeyRing.IsAccepted(keys[0], Now.AddDays(31)));
        Assert.True(SigningKeyRing.IsAccepted(keys[1], Now.AddYears(5)));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(result.Current.Path));
    }

    [Fact]
    public void A_rotation_31_days_after_the_last_removes_the_key_replaced_then()
    {
        SigningKeyFile.LoadOrCreate(_data);
        var second = SigningKeyRing.Rotate(_data, Now).Current;

        var soon = SigningKeyRing.Rotate(_data, Now.AddDays(30));
        Assert.Empty(soon.Removed);
        var later = SigningKeyRing.Rotate(_data, Now.AddDays(31));

        Assert.Equal(SigningKeyFile.PathIn(_data), Assert.Single(later.Removed).Path);
        Assert.False(File.Exists(SigningKeyFile.PathIn(_data)));
        Assert.Equal([second.KeyId, soon.Current.KeyId, later.Current.KeyId], SigningKeyRing.LoadAll(_data).Select(k => k.KeyId));
        Assert.Equal(later.Current.Key, SigningKeyFile.LoadOrCreate(_data)); // no new first key once the old one is gone
    }

    [Fact]
    public void A_clock_set_back_still_makes_the_new_key_the_current_one()
    {
        SigningKeyFile.LoadOrCreate(_data);
        SigningKeyRing.Rotate(_data, Now);

        var back = SigningKeyRing.Rotate(_data, Now.AddDays(-3));

        Assert.Equal(back.Current.KeyId, SigningKeyRing.Current(_data).KeyId);
    }

    [Fact]
    public void Files_of_another_shape_in_the_key_folder_are_not_keys()
    {
        SigningKeyFile.LoadOrCreate(_data);
        SigningKeyRing.Rotate(_data, Now);
        File.WriteAllText(Path.Combine(SigningKeyRing.RotatedFolderIn(_data), "notes.txt"), "hello");
        File.WriteAllText(Path.Combine(SigningKeyRing.RotatedFolderIn(_data), "backup.key~"), "hello");

        Assert.Equal(2, SigningKeyRing.LoadAll(_data).Count);
    }

    [Fact]
    public async Task Rotate_key_command_reports_the_new_key_and_the_grace_of_the_previous()
    {
        var first = SigningKeyRing.KeyId(SigningKeyFile.LoadOrCreate(_data));

        var run = await Cli.RunAsync("token", "rotate-key", "--data", _data);

        Assert.Equal(0, run.ExitCode);
        var current = SigningKeyRing.Current(_data).KeyId;
        Assert.StartsWith($"new signing key {current}: ", run.OutLines[0]);
        Assert.Equal($"previous key {first} accepted until 2026-12-23 11:00:00+01:00", run.OutLines[1]);
    }

    [Fact]
    public async Task Rotate_key_without_a_key_says_where_it_looked()
    {
        var run = await Cli.RunAsync("token", "rotate-key", "--data", Path.Combine(_data, "elsewhere"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no signing key at", run.Error);
    }
}
