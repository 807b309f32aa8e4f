global using CameraBeheer.Abstractions;
global using Orleans;
global using Orleans.Runtime;
