global using Orleans;
global using Orleans.Runtime;
global using CameraBeheer.Abstractions;
global using CameraBeheer.Storage;
global using System.Collections.Immutable;
global using Microsoft.Extensions.Logging;
