using CameraBeheer.Contracts.EdgeAgents;

namespace CameraBeheer.Ingest.Tests.EdgeAgents;

/// <summary>The exported password file and ACL, line for line.</summary>
public sealed class MosquittoFilesTests
{
    private const string Site = "domus-almere-poort";

    private static MosquittoAgent Agent(string name, string[] cameras, string[] gates) =>
        new(name, $"$7$1000$c2FsdHNhbHRzYWx0${name}", new EdgeAgentRights(Site, name, cameras, gates));

    [Fact]
    public void The_password_file_has_one_line_per_agent_and_the_backend_last()
    {
        var text = MosquittoFiles.PasswordFile([Agent("zuid", ["cam-02"], []), Agent("noord", ["cam-01"], [])], ("camerabeheer-backend", "$7$210000$x$y"));
        Assert.Equal("noord:$7$1000$c2FsdHNhbHRzYWx0$noord\nzuid:$7$1000$c2FsdHNhbHRzYWx0$zuid\ncamerabeheer-backend:$7$210000$x$y\n", text);
    }

    [Fact]
    public void The_acl_has_one_block_per_agent_with_exactly_its_topics_and_the_backends_read_block()
    {
        var acl = MosquittoFiles.Acl(Site, [Agent("poort", [], ["hoofdingang"]), Agent("gebouw", ["cam-01"], [])], "camerabeheer-backend");
        var lines = acl.Split('\n');
        // Nothing before the first user block but comments: anonymous clients have no rights.
        Assert.All(lines.TakeWhile(l => !l.StartsWith("user ", StringComparison.Ordinal)), l => Assert.True(l.Length == 0 || l.StartsWith('#'), l));
        Assert.Equal(
        [
            "user gebouw",
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-01/motion",
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-01/segment",
            "topic write camerabeheer/v1/domus-almere-poort/camera/cam-01/status",
            "topic write camerabeheer/edge/domus-almere-poort/gebouw/status",
            "topic write camerabeheer/edge/domus-almere-poort/gebouw/receipt",
            "user poort",
            "topic write camerabeheer/v1/domus-almere-poort/gate/hoofdingang/event",
            "topic write camerabeheer/edge/domus-almere-poort/poort/status",
            "topic write camerabeheer/edge/domus-almere-poort/poort/receipt",
            "user camerabeheer-backend",
            "topic read camerabeheer/v1/#",
            "topic read camerabeheer/edge/domus-almere-poort/+/status",
            "topic read camerabeheer/edge/domus-almere-poort/+/receipt",
        ], lines.Where(l => l.StartsWith("user ", StringComparison.Ordinal) || l.StartsWith("topic ", StringComparison.Ordinal)));
    }
}
