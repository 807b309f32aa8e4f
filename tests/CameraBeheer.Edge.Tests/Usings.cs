global using System.Text;
global using System.Text.Json;
global using CameraBeheer.Contracts.Mqtt;
global using CameraBeheer.Edge.Configuration;
global using CameraBeheer.Edge.Messaging;
global using CameraBeheer.Edge.Tests.Messaging.Infrastructure;
global using CameraBeheer.Edge.Video;
global using Microsoft.Extensions.Logging;
