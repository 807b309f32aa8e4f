using System.Runtime.InteropServices;

namespace CameraBeheer.Testing;

/// <summary>POSIX signals: .NET's Process.Kill only sends SIGKILL, and a clean stop is SIGTERM.</summary>
public static class Signals
{
    public const int SigTerm = 15;
    public const int SigInt = 2;
    public const int SigHup = 1;

#pragma warning disable SYSLIB1054 // A plain DllImport avoids needing unsafe code for one int-only call.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
