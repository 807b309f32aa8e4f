global using System.Text;
global using CameraBeheer.Domain.Retention;
global using CameraBeheer.Storage.Retention;
global using Microsoft.Extensions.Logging.Abstractions;
global using Microsoft.Extensions.Time.Testing;
