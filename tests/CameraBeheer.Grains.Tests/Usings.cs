global using System.Text;
global using CameraBeheer.Abstractions;
global using CameraBeheer.Domain.Alerts;
global using CameraBeheer.Domain.Desk;
global using CameraBeheer.Storage;
global using Orleans;
global using Orleans.Runtime;
