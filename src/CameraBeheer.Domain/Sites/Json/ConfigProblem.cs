namespace CameraBeheer.Domain.Sites.Json;

/// <summary>A problem at a JSON path; the loader adds the file name and turns it into a <see cref="SiteConfigurationException"/>.</summary>
internal sealed class ConfigProblem(string path, string problem) : Exception($"{path}: {problem}")
{
    public string Path { get; } = path;

    public string Problem { get; } = problem;
}
