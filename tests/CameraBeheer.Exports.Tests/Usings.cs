global using System.Text;
global using CameraBeheer.Contracts.Evidence;
global using CameraBeheer.Storage;
