using System.Net;
using System.Text.RegularExpressions;
using CameraBeheer.Contracts.Tls;

namespace CameraBeheer.Cli.Commands;

/// <summary>
/// <c>dev-certs --out DIR [--host NAME ...] [--force]</c>: a local test CA and a server certificate signed by it, as PEM
/// files, for running the backend, the edge and Mosquitto with TLS before a site has certificates of its own.
/// </summary>
internal static partial class DevCertsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write ca.crt, ca.key, server.crt and server.key into", HelpName = "DIR", Required = true };
        var hosts = new Option<string[]>("--host")
        {
            Description = "A name or IP address the server is reached by (repeat for more); localhost, 127.0.0.1 and ::1 are always in",
            HelpName = "NAME",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var force = new Option<bool>("--force") { Description = "Replace the files if they exist" };
        var command = new Command("dev-certs", "Make a local test CA and a server certificate signed by it (PEM; for testing, not for production)") { output, hosts, force };
        command.SetHandler((run, _) =>
        {
            var names = (run.Parse.GetValue(hosts) ?? []).Select(CheckHost).ToList();
            var folder = run.Parse.GetValue(output)!;
            var existing = new DevCertificateFiles(Path.GetFullPath(folder)).All.Where(File.Exists).ToList();
            if (existing.Count > 0 && !run.Parse.GetValue(force))
                throw new UsageException($"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; nothing written (pass --force to replace)");
            var files = DevCertificateFiles.Write(folder, names, run.Context.Now, overwrite: true);

            Report(run.Context.Out, files, [.. DevCertificateAuthority.LoopbackNames, .. names]);
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static string CheckHost(string host)
    {
        var trimmed = host.Trim();
        if (IPAddress.TryParse(trimmed, out _) || HostName().IsMatch(trimmed)) return trimmed;
        throw new UsageException($"--host '{Output.Display.Clean(trimmed)}' is not a host name or IP address (letters, digits, '-' and '.', e.g. camerabeheer.domus.local or 10.0.0.5)");
    }

    private static void Report(TextWriter output, DevCertificateFiles files, IReadOnlyList<string> names)
    {
        output.WriteLine($"wrote {files.CaCertificate}  (the test CA: clients trust it with --ca-file, Mqtt:CaFile, Edge:Mqtt:CaFile, Mosquitto's cafile)");
        output.WriteLine($"wrote {files.CaKey}  (the CA's private key, owner-only: keep it out of backups and off servers)");
        output.WriteLine($"wrote {files.ServerCertificate}  (for {string.Join(", ", names.Distinct(StringComparer.OrdinalIgnoreCase))})");
        output.WriteLine($"wrote {files.ServerKey}  (owner-only)");
        output.WriteLine("next steps:");
        output.WriteLine($"  backend:   CAMERABEHEER_Tls__CertificateFile={files.ServerCertificate} CAMERABEHEER_Tls__KeyFile={files.ServerKey} ./run.sh");
        output.WriteLine($"  CLI:       camerabeheer --server https://localhost:5080 --ca-file {files.CaCertificate} status   (or export {CaFile.EnvironmentVariable}={files.CaCertificate})");
        output.WriteLine($"  edge:      CAMERABEHEER_Edge__Mqtt__Tls=true CAMERABEHEER_Edge__Mqtt__CaFile={files.CaCertificate}");
        output.WriteLine($"  mosquitto: certfile {files.ServerCertificate} / keyfile {files.ServerKey} (readable by the mosquitto user), see deploy/mosquitto/");
    }

    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostName();
}
