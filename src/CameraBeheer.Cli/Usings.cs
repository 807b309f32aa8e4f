// Namespaces nearly every command uses; a file adds its own only for what few others need (Grpc.Core, Polly, …).
global using System.CommandLine;
global using CameraBeheer.Cli.Input;
global using CameraBeheer.Cli.Output;
global using CameraBeheer.Contracts.V1;
