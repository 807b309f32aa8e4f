using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Exports.Tests;

/// <summary>What the host gets from <see cref="ExportRegistration.AddFootageExports"/>.</summary>
public sealed class ExportRegistrationTests : IDisposable
{
    private readonly string _data = Path.Combine(TestFootage.Root, "registration-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public void The_exporter_storage_and_signer_resolve_with_defaults_under_the_data_folder()
    {
        using var provider = Provider(new Dictionary<string, string?>());

        Assert.IsType<FootageExporter>(provider.GetRequiredService<IFootageExporter>());
        Assert.NotNull(provider.GetRequiredService<ExportStorage>());
        var signer = provider.GetRequiredService<EvidenceSigner>();
        Assert.Same(signer, provider.GetRequiredService<EvidenceSigner>());
        Assert.Equal(EvidenceSigner.DefaultPathIn(_data), signer.KeyFile);
        var options = provider.GetRequiredService<IOptions<ExportsOptions>>().Value;
        Assert.Equal(Path.Combine(_data, "tmp", "exports"), options.TempDirectory);
        Assert.Equal(TimeSpan.FromMinutes(2), options.MaxSegmentLength);
    }

    [Fact]
    public void Settings_come_from_the_exports_section()
    {
        using var provider = Provider(new Dictionary<string, string?>
        {
            ["TempDirectory"] = Path.Combine(_data, "elsewhere"),
            ["MaxSegmentLength"] = "00:01:00",
            ["FastStart"] = "false",
        });

        var options = provider.GetRequiredService<IOptions<ExportsOptions>>().Value;

        Assert.Equal((Path.Combine(_data, "elsewhere"), TimeSpan.FromMinutes(1), false), (options.TempDirectory, options.MaxSegmentLength, options.FastStart));
    }

    [Fact]
    public void A_configured_signing_key_that_does_not_exist_stops_resolution_naming_the_setting()
    {
        using var provider = Provider(new Dictionary<string, string?> { ["SigningKeyFile"] = Path.Combine(_data, "nope.pem") });

        var failure = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<EvidenceSigner>());

        Assert.Contains("Exports:SigningKeyFile", failure.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, recursive: true);
    }

    private ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IBlobStore>(new InMemoryBlobStore());
        services.AddFootageExports(section, _data);
        return services.BuildServiceProvider();
    }
}
