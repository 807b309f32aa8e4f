using CameraBeheer.Fuzz;
using SharpFuzz;

// Under libfuzzer-dotnet this loops over the engine's inputs; run by hand it takes one input file as its argument,
// which is how a crash file is replayed: CAMERABEHEER_FUZZ_TARGET=gate-line dotnet CameraBeheer.Fuzz.dll crash-…
var name = Environment.GetEnvironmentVariable("CAMERABEHEER_FUZZ_TARGET");
if (FuzzTargets.Find(name) is not { } target)
{
    Console.Error.WriteLine($"Set CAMERABEHEER_FUZZ_TARGET to one of: {string.Join(", ", FuzzTargets.Names)} (was '{name}').");
    return 2;
}

Fuzzer.LibFuzzer.Run(input => target(input));
return 0;
