using BenchmarkDotNet.Running;

namespace CameraBeheer.Benchmarks;

/// <summary>Entry point: pick benchmarks with BenchmarkDotNet's own arguments (<c>--filter '*' --job short</c>); never interactive.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
