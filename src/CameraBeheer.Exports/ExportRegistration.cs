using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CameraBeheer.Exports;

/// <summary>Registers the footage export: <see cref="IFootageExporter"/>, <see cref="ExportStorage"/>, <see cref="EvidenceSigner"/>, and the control room's <see cref="StillFrames"/>.</summary>
public static class ExportRegistration
{
    /// <param name="section">The <c>Exports</c> configuration section (see <see cref="ExportsOptions"/>).</param>
    /// <param name="dataDirectory">The data folder: default temp folder and signing key live under it.</param>
    /// <remarks>The signing key is loaded (or created) when the signer is first resolved; a bad key file stops that with a
    /// message naming the file. Needs an <c>IBlobStore</c> registered, and uses a <see cref="TimeProvider"/> when there is one.</remarks>
    public static IServiceCollection AddFootageExports(this IServiceCollection services, IConfiguration section, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        services.AddOptions<ExportsOptions>()
            .Configure(options =>
            {
                section.Bind(options);
                if (string.IsNullOrWhiteSpace(options.TempDirectory))
                    options.TempDirectory = Path.Combine(dataDirectory, "tmp", "exports");
            })
            .Validate(o => o.MaxSegmentLength > TimeSpan.Zero && o.MaxSegmentLength <= TimeSpan.FromHours(1),
                "Exports:MaxSegmentLength must be more than zero and at most one hour");
        services.AddSingleton(sp => EvidenceSigner.LoadOrCreate(sp.GetRequiredService<IOptions<ExportsOptions>>().Value.SigningKeyFile, dataDirectory));
        services.AddSingleton(sp => new ExportStorage(sp.GetRequiredService<Storage.IBlobStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IFootageExporter>(sp => new FootageExporter(
            sp.GetRequiredService<Storage.IBlobStore>(),
            sp.GetRequiredService<EvidenceSigner>(),
            sp.GetRequiredService<IOptions<ExportsOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<FootageExporter>>()));
        // The control room's still frames use the same ffmpeg and temp folder as the exports.
        services.AddSingleton(sp => new StillFrames(
            sp.GetRequiredService<Storage.IBlobStore>(),
            sp.GetRequiredService<IOptions<ExportsOptions>>().Value,
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILogger<StillFrames>>()));
        return services;
    }
}
